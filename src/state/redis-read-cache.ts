import type { ClientRecord } from '../clients/client.js';
import type { Log } from '../clients/scope.js';
import type { StateMetrics } from './metrics.js';
import { redisKey } from './keys.js';
import { timed, type RedisClient } from './redis.js';
import type { CacheLookup, ReadCache } from '../clients/read-cache-port.js';

/** Stores the read only if the key's generation is still the one seen at the lookup. */
const STORE_IF_UNWRITTEN = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** One warning per this long at most while Redis is failing, not one per read. */
const WARN_EVERY_MS = 10_000;

/**
 * After a failed (or timed out) cache call, reads skip the cache this long: a hung Redis
 * costs one read its command timeout, not every read. Writes still try to invalidate.
 */
const SKIP_AFTER_FAILURE_MS = 5_000;

/**
 * The read cache shared by every replica: a write on any of them deletes the entry and moves
 * the generation on, so no replica serves the client from before the write afterwards. No
 * local copies are kept, so there is nothing to tell other replicas. While Redis fails, reads
 * go to the provider (a warning, a metric).
 */
export class RedisReadCache implements ReadCache {
  private lastWarning = 0;
  /** Until when reads go without the cache (see SKIP_AFTER_FAILURE_MS). */
  private skipUntil = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly ttlMs: number,
    /** How long a generation outlives its write: longer than any read can be under way. */
    private readonly generationMs: number,
    private readonly metrics: StateMetrics,
    private readonly log: Log,
  ) {}

  async lookup(key: string): Promise<CacheLookup> {
    if (this.skipping()) return { generation: null };
    try {
      const [cached, generation] = await timed(this.redis.mget(this.entry(key), this.generationKey(key)));
      if (cached) return { hit: JSON.parse(cached) as ClientRecord, generation: generation ?? '0' };
      return { generation: generation ?? '0' };
    } catch (error) {
      this.failed(error, 'read cache lookup failed; reading from the provider');
      return { generation: null };
    }
  }

  /** One GET: what a read that would share another read in flight pays. */
  async generation(key: string): Promise<string | null> {
    if (this.skipping()) return null;
    try {
      return (await timed(this.redis.get(this.generationKey(key)))) ?? '0';
    } catch (error) {
      this.failed(error, 'read cache lookup failed; reading from the provider');
      return null;
    }
  }

  async store(key: string, generation: string, client: ClientRecord): Promise<void> {
    if (this.skipping()) return;
    try {
      await timed(this.redis.eval(STORE_IF_UNWRITTEN, 2, this.entry(key), this.generationKey(key), generation, JSON.stringify(client), this.ttlMs));
    } catch (error) {
      this.failed(error, 'read cache store failed');
    }
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    // One transaction per client: its entry and generation share a Cluster slot, another
    // client's may not.
    const each = keys.map((key) => timed(this.redis.multi()
      .incr(this.generationKey(key)).pexpire(this.generationKey(key), this.generationMs).del(this.entry(key)).exec()));
    try {
      await Promise.all(each);
    } catch (error) {
      // The write happened; an entry from before it may be served until its ttl runs out.
      this.metrics.redisErrors.inc({ store: 'read_cache' });
      this.log.error({ reason: reasonOf(error), keys: keys.length }, 'read cache invalidation after a write failed');
    }
  }

  private entry(key: string) { return redisKey('read', key); }
  private generationKey(key: string) { return redisKey('gen', key); }

  private skipping(): boolean {
    if (this.skipUntil === 0) return false;
    if (Date.now() < this.skipUntil) return true;
    this.skipUntil = 0;
    return false;
  }

  private failed(error: unknown, message: string): void {
    this.skipUntil = Date.now() + SKIP_AFTER_FAILURE_MS;
    this.metrics.redisErrors.inc({ store: 'read_cache' });
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.log.warn({ reason: reasonOf(error) }, message);
  }
}

/** A short reason without anything from the connection string. */
function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).name ?? 'error';
}
