import { createHmac, randomBytes } from 'node:crypto';

/**
 * The names of everything the service keeps for more than one request: the one place that says
 * what a key is scoped to. Two deployments on one Redis database (other accounts, other base
 * URLs) must share nothing; the replicas of one deployment must share everything.
 *
 * A shared key is `<provider>:<credential id>|<what>`, where the credential id is an HMAC of
 * the provider, its base URL and the credential (the server's own, or a request's), under key
 * material every replica of a deployment derives alike (keyMaterial() below; the HMAC itself
 * is the core's, clients/credential-ids.ts). Redis names add a prefix, the store's kind and
 * a hash tag, so the keys one script touches share a Redis Cluster slot.
 */

/** Every key the service writes to Redis starts with this. */
export const KEY_PREFIX = 'clients-graph:';

/**
 * What a Redis key holds. `idem` keys and their credential's `quota` set carry one tag per
 * credential (the claim script touches both); a client's `read` entry and its `gen` generation
 * one tag per client (one script stores under both); a `lock` and a `rate` bucket are keys of their own
 * (a rate bucket's `shared` is rate-buckets.ts's rateBucketKey, already scoped to provider and credential).
 */
export type KeyKind = 'idem' | 'quota' | 'lock' | 'read' | 'gen' | 'rate';

/** A shared key's scope (`<provider>:<credential id>`) and what it names. */
export function splitShared(shared: string): { scope: string; what: string } {
  const bar = shared.indexOf('|');
  return bar < 0 ? { scope: shared, what: '' } : { scope: shared.slice(0, bar), what: shared.slice(bar + 1) };
}

/** The Redis name of a shared key (or, for `quota`, of a scope). */
export function redisKey(kind: KeyKind, shared: string): string {
  const { scope, what } = splitShared(shared);
  switch (kind) {
    case 'idem': return `${KEY_PREFIX}idem:{${scope}}:${what}`;
    case 'quota': return `${KEY_PREFIX}quota:{${scope}}`;
    case 'lock': return `${KEY_PREFIX}lock:{${scope}|${what}}`;
    case 'read': return `${KEY_PREFIX}read:{${scope}|${what}}:c`;
    case 'gen': return `${KEY_PREFIX}read:{${scope}|${what}}:g`;
    case 'rate': return `${KEY_PREFIX}rate:{${shared}}`;
  }
}

/** Key material for credential ids, from a salt (shared by every replica) and the optional STATE_KEY_SECRET. */
export function keyMaterial(salt: string, secret: string | null): Buffer {
  return createHmac('sha256', salt).update(secret ?? '').digest();
}

/** A fresh random value: the epoch of a new Redis, or the key material of one process. */
export function randomEpoch(): string {
  return randomBytes(32).toString('hex');
}
