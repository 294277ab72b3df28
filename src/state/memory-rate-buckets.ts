import type { Provider } from '../clients/client.js';
import { CredentialIds } from '../clients/credential-ids.js';
import type { RateLimit } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import { pauseBucket, rateBucketKey, takeToken, type Bucket, type RateBuckets, type TakeResult } from './rate-buckets.js';

/** Buckets kept at most: callers choose their credentials (REQUEST_CREDENTIALS), so the map is bounded. */
export const MAX_MEMORY_BUCKETS = 10_000;

/**
 * The rate buckets of one replica (no REDIS_URL). Least recently used first out when full: a
 * bucket dropped is a full one again, which only errs towards calling.
 */
export class MemoryRateBuckets implements RateBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ids: CredentialIds;

  /** `material`: the key material of credential ids (state/index.ts: in memory the process's own). */
  constructor(material: () => Buffer) {
    this.ids = new CredentialIds(material);
  }

  keyOf(provider: Provider, settings: ProviderSettings): string {
    return rateBucketKey(provider, this.ids.of(provider, settings));
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
