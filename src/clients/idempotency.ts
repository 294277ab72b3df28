import { randomUUID } from 'node:crypto';
import { fingerprintOf } from './fingerprint.js';
import { providerText } from './provider-text.js';
import { OutcomeUnknownError, whereToLook, WriteInDoubtError } from './outcome.js';
import type { ProviderFacts } from './provider.js';
import type { IdempotencyStore } from './idempotency-port.js';
import type { WriteResult } from './writes.js';

/**
 * Idempotent creates: a create retried with the same key and the same input answers the first
 * result without writing again; the same key with another input is refused. Keys are scoped
 * to the credential that wrote (one tenant's key never answers another's create).
 *
 * A key goes through three states in the store: `pending` while one create runs (claimed
 * atomically, so concurrent duplicates, in this process or another replica, wait for it),
 * then `done` with the result, or `in-doubt` when the create ended without a known outcome
 * (timeout, reset, 5xx: the client may exist). An in-doubt key is never answered by a second
 * blind POST: a provider whose create is idempotent for the same record (Invisible Collector)
 * gets the same body again, any other answers OUTCOME_UNKNOWN. A create the provider refused
 * frees its key (nothing was written; the caller may fix the input and retry).
 */

export type IdempotencyRecord =
  /** A create under way; past `until` (ms since epoch) its owner is gone and it is in doubt. */
  | { state: 'pending'; fingerprint: string; owner: string; until: number }
  | { state: 'done'; fingerprint: string; result: WriteResult }
  /** `failure` is the first create's error message, to say what happened. */
  | { state: 'in-doubt'; fingerprint: string; failure: string };

export type Outcome =
  | { kind: 'result'; result: WriteResult }
  /** The key was first used with another input. */
  | { kind: 'mismatch' };

export interface IdempotencyOptions {
  /** How long a key is kept. */
  ttlMs: number;
  /** The longest one create can take (its upstream calls' budgets): a pending key older than that lost its owner. */
  createMs: number;
  /** How often a duplicate waiting on another replica's create looks again. */
  pollMs: number;
  /** Told when a claim was gone at settling: the epoch looks whether Redis lost its data. */
  claimLost?: () => void;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The provider a create goes to: whether its create may be sent twice, and what to say when not. */
export type CreateTarget = ProviderFacts;

export class Idempotency {
  /** Creates this process runs or waits for, so its own duplicates share one promise. */
  private readonly local = new Map<string, { fingerprint: string; outcome: Promise<Outcome> }>();

  constructor(private readonly store: IdempotencyStore, private readonly options: IdempotencyOptions) {}

  async run(key: string, input: unknown, target: CreateTarget, create: () => Promise<WriteResult>): Promise<Outcome> {
    const fingerprint = fingerprintOf(input);
    const running = this.local.get(key);
    if (running) return running.fingerprint === fingerprint ? running.outcome : { kind: 'mismatch' };
    const outcome = this.settle(key, fingerprint, target, create);
    this.local.set(key, { fingerprint, outcome });
    try {
      return await outcome;
    } finally {
      this.local.delete(key);
    }
  }

  /**
   * What a create under `key` with `input` would meet, without running it or touching the key
   * (validateOnly): `mismatch`, a first result it would answer, or `free` to go ahead (a key
   * pending or in doubt at a provider whose create may be sent again). An in-doubt key at
   * any other provider throws OutcomeUnknownError, as the create would.
   */
  async check(key: string, input: unknown, target: CreateTarget): Promise<Outcome | { kind: 'free' }> {
    const held = await this.store.get(key);
    if (held === undefined) return { kind: 'free' };
    const record = JSON.parse(held) as IdempotencyRecord;
    if (record.fingerprint !== fingerprintOf(input)) return { kind: 'mismatch' };
    if (record.state === 'done') return { kind: 'result', result: record.result };
    if (record.state === 'in-doubt' && !target.createIsIdempotent) {
      throw new OutcomeUnknownError(target.label, target.id, record.failure, whereToLook(target));
    }
    return { kind: 'free' };
  }

  private async settle(key: string, fingerprint: string, target: CreateTarget, create: () => Promise<WriteResult>): Promise<Outcome> {
    for (;;) {
      const claim = this.claim(fingerprint);
      if (await this.store.setIfAbsent(key, claim, this.options.ttlMs)) return this.execute(key, claim, null, create);
      const held = await this.store.get(key);
      if (held === undefined) continue; // expired since: claim again
      const record = JSON.parse(held) as IdempotencyRecord;
      if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (record.state === 'done') return { kind: 'result', result: record.result };
      if (record.state === 'pending') {
        if (record.until > Date.now()) {
          await sleep(this.options.pollMs);
        } else {
          // Its owner stopped mid-create (a replica died): whether it wrote is unknown.
          const failure = `the create under this key stopped without an answer`;
          await this.store.compareAndSet(key, held, JSON.stringify({ state: 'in-doubt', fingerprint, failure }), this.options.ttlMs);
        }
        continue;
      }
      if (!target.createIsIdempotent) throw new OutcomeUnknownError(target.label, target.id, record.failure, whereToLook(target));
      // The same body again answers the one record the provider made, if it made one.
      if (await this.store.compareAndSet(key, held, claim, this.options.ttlMs)) return this.execute(key, claim, held, create);
    }
  }

  /** Runs the create under our claim and settles the key; `previous` is what the claim replaced. */
  private async execute(key: string, claim: string, previous: string | null, create: () => Promise<WriteResult>): Promise<Outcome> {
    const fingerprint = (JSON.parse(claim) as IdempotencyRecord).fingerprint;
    let result: WriteResult;
    try {
      result = await create();
    } catch (error) {
      const next = error instanceof WriteInDoubtError
        // Stored as a caller may read it (scrubbed, capped): every retry quotes it.
        ? JSON.stringify({ state: 'in-doubt', fingerprint, failure: providerText(error.message) } satisfies IdempotencyRecord)
        : previous;
      // Should the store fail now, the claim stays pending and turns in doubt once it is past
      // its time: never a second blind create. The caller hears of the create's own failure.
      await this.settleClaim(key, claim, next, fingerprint, error instanceof WriteInDoubtError ? 'it ended without a known outcome' : null);
      throw error;
    }
    // Only a create that happened is remembered: after a refusal nothing was written, so the
    // key goes back to what it was (free, or still in doubt).
    const next = result.client ? JSON.stringify({ state: 'done', fingerprint, result } satisfies IdempotencyRecord) : previous;
    // The create happened: its caller gets the client even if the store fails to record it
    // (a retry then meets the pending claim and, once it is past its time, the in-doubt key).
    await this.settleClaim(key, claim, next, fingerprint, result.client ? `it made ${result.client.id}` : null);
    return { kind: 'result', result };
  }

  /**
   * Replaces our claim by `next`. If the claim is gone (Redis lost its data while the create
   * ran), a retry may already have been sent elsewhere, so a create that may have written
   * (`wrote` says how) leaves the key in doubt: retries are never answered as if nothing happened.
   */
  private async settleClaim(key: string, claim: string, next: string | null, fingerprint: string, wrote: string | null): Promise<void> {
    const settled = await this.store.compareAndSet(key, claim, next, this.options.ttlMs).catch(() => null);
    if (settled !== false) return;
    this.options.claimLost?.();
    if (wrote === null) return;
    const failure = `the shared state (Redis) lost this key while its create ran (${wrote}), so a retry may have created another`;
    const doubt = JSON.stringify({ state: 'in-doubt', fingerprint, failure } satisfies IdempotencyRecord);
    await this.store.setIfAbsent(key, doubt, this.options.ttlMs).catch(() => false);
  }

  private claim(fingerprint: string): string {
    const until = Date.now() + this.options.createMs;
    return JSON.stringify({ state: 'pending', fingerprint, owner: randomUUID(), until } satisfies IdempotencyRecord);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms * (0.5 + Math.random())));
