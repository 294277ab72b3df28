import type { Provider } from '../clients/client.js';
import type { RateLimit } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';

/**
 * Upstream rate budgets: one token bucket per provider and credential, in this process or on
 * Redis (shared by every replica). The bucket math is here as pure functions; the Lua script
 * in redis-rate-buckets.ts is the same math, run where the bucket lives.
 *
 * A bucket is a reservation bucket: `tokens` is what it holds at time `at` (never refilled
 * before `at`), and may go below zero: a call that takes a token it has to wait for reserves
 * it, and waits the time that token needs to arrive. Waiters therefore leave in order, each at
 * its own time, and never poll. A call whose wait would outlast what it may wait takes
 * nothing, so a refused call costs later calls no budget.
 */

export interface Bucket {
  tokens: number;
  /** When `tokens` was true (epoch ms); later than now while the bucket is paused. */
  at: number;
}

export interface TakeResult {
  /** Whether a token was taken (reserved): the call may go after `waitMs`. */
  taken: boolean;
  /** How long until a token is there: the wait when taken, else when one could be had. */
  waitMs: number;
}

/** The port both stores implement. */
export interface RateBuckets {
  /** Takes one token from bucket `key` if it is there within `maxWaitMs`. Never throws. */
  take(key: string, limit: RateLimit, maxWaitMs: number): Promise<TakeResult>;
  /**
   * The provider answered 429: the bucket gives nothing for `pauseMs` and starts empty after it
   * (on every replica when shared). Never throws.
   */
  pause(key: string, limit: RateLimit, pauseMs: number): Promise<void>;
  /**
   * The key of the bucket of one provider, base URL and credential: rateBucketKey() of its
   * credential id (clients/credential-ids.ts) under the deployment's key material.
   */
  keyOf(provider: Provider, settings: ProviderSettings): string;
}

/** The bucket as of `now`: refilled at `perSecond` since `at`, up to `burst`. */
function refilled(bucket: Bucket | undefined, now: number, limit: RateLimit): Bucket {
  if (!bucket) return { tokens: limit.burst, at: now };
  if (now <= bucket.at) return bucket;
  return { tokens: Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.perSecond) / 1000), at: now };
}

/** One token from `bucket` at `now`: the bucket after it (unchanged when not taken) and the wait. */
export function takeToken(bucket: Bucket | undefined, now: number, limit: RateLimit, maxWaitMs: number): { bucket: Bucket | undefined; result: TakeResult } {
  const current = refilled(bucket, now, limit);
  const tokens = current.tokens - 1;
  const waitMs = Math.ceil(current.at - now + (tokens < 0 ? (-tokens * 1000) / limit.perSecond : 0));
  if (waitMs > maxWaitMs) return { bucket, result: { taken: false, waitMs } };
  return { bucket: { tokens, at: current.at }, result: { taken: true, waitMs } };
}

/** `bucket` paused at `now` for `pauseMs`: nothing before its end, and empty then. */
export function pauseBucket(bucket: Bucket | undefined, now: number, limit: RateLimit, pauseMs: number): Bucket {
  const current = refilled(bucket, now, limit);
  return { tokens: Math.min(current.tokens, 0), at: Math.max(current.at, now + pauseMs) };
}

/**
 * The key of one bucket: the provider, then the credential id (clients/credential-ids.ts, the
 * one scheme every shared key uses: an HMAC of provider, base URL and credential under the
 * deployment's key material), so the same credential at another URL (a Daftra tenant's
 * subdomain) is another bucket, and a key read from Redis tells nothing of the credential
 * (neither it nor an unsalted hash of it is stored). keys.ts adds the Redis prefix.
 */
export function rateBucketKey(provider: Provider, credentialId: string): string {
  return `rate|${provider}|${credentialId}`;
}
