import { fingerprintOf } from './fingerprint.js';
import type { WriteResult } from './writes.js';

/**
 * Idempotent creates: a create retried with the same key and the same input answers the first
 * result without writing again; the same key with another input is refused. Keys are scoped
 * to the credential that wrote (one tenant's key never answers another's create).
 */

export interface IdempotencyEntry {
  /** Fingerprint of the input the key was first used with. */
  fingerprint: string;
  result: WriteResult;
}

/** Where finished creates are remembered. In memory by default; a shared store can replace it. */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyEntry | undefined>;
  set(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<void>;
}

export type Outcome =
  | { kind: 'result'; result: WriteResult }
  /** The key was first used with another input. */
  | { kind: 'mismatch' };

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export class Idempotency {
  /** Creates under way in this process, so concurrent duplicates share one upstream call. */
  private readonly inFlight = new Map<string, { fingerprint: string; result: Promise<WriteResult> }>();

  constructor(private readonly store: IdempotencyStore, private readonly ttlMs = IDEMPOTENCY_TTL_MS) {}

  async run(key: string, input: unknown, create: () => Promise<WriteResult>): Promise<Outcome> {
    const fingerprint = fingerprintOf(input);
    const running = this.inFlight.get(key);
    if (running) return running.fingerprint === fingerprint ? { kind: 'result', result: await running.result } : { kind: 'mismatch' };
    const stored = await this.store.get(key);
    if (stored) return stored.fingerprint === fingerprint ? { kind: 'result', result: stored.result } : { kind: 'mismatch' };
    // Checked again: another request may have started while the store answered.
    const raced = this.inFlight.get(key);
    if (raced) return raced.fingerprint === fingerprint ? { kind: 'result', result: await raced.result } : { kind: 'mismatch' };

    const result = create();
    this.inFlight.set(key, { fingerprint, result });
    try {
      const finished = await result;
      // Only a create that happened is remembered: after a refusal nothing was written, so the
      // caller may fix the input and retry under the same key.
      if (finished.client) await this.store.set(key, { fingerprint, result: finished }, this.ttlMs);
      return { kind: 'result', result: finished };
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/** The default store: a bounded map whose entries expire. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { entry: IdempotencyEntry; expires: number }>();

  // Results hold whole clients (raw included): 10,000 of them stay within a few tens of MB.
  constructor(private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<IdempotencyEntry | undefined> {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.expires > Date.now()) return found.entry;
    this.entries.delete(key);
    return undefined;
  }

  async set(key: string, entry: IdempotencyEntry, ttlMs: number): Promise<void> {
    // Insertion order is age order: past the bound, the oldest entries go first.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { entry, expires: Date.now() + ttlMs });
  }
}
