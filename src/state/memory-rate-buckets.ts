import { randomBytes } from 'node:crypto';
import { pauseBucket, rateBudgetKey, takeToken, type Bucket, type RateBuckets, type RateLimit, type TakeResult } from './rate-buckets.js';

/** Buckets kept at most: callers choose their credentials (REQUEST_CREDENTIALS), so the map is bounded. */
export const MAX_MEMORY_BUCKETS = 10_000;

/**
 * The rate buckets of one replica (no REDIS_URL). Least recently used first out when full: a
 * bucket dropped is a full one again, which only errs towards calling.
 */
export class MemoryRateBuckets implements RateBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly salt = randomBytes(32).toString('base64url');

  keyOf(provider: string, baseUrl: string, credential: Record<string, string>): string {
    return rateBudgetKey(this.salt, provider, baseUrl, credential);
  }

  async take(key: string, limit: RateLimit, maxWaitMs: number): Promise<TakeResult> {
    const { bucket, result } = takeToken(this.buckets.get(key), Date.now(), limit, maxWaitMs);
    if (bucket) this.keep(key, bucket);
    return result;
  }

  async pause(key: string, limit: RateLimit, pauseMs: number): Promise<void> {
    this.keep(key, pauseBucket(this.buckets.get(key), Date.now(), limit, pauseMs));
  }

  private keep(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_MEMORY_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
