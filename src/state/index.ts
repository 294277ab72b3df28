import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Cluster } from 'ioredis';
import type { Registry } from 'prom-client';
import type { Log } from '../clients/scope.js';
import { RedisKeyValueCache } from './apq-cache.js';
import type { IdempotencyStore } from '../clients/idempotency-port.js';
import type { ReadCache } from '../clients/read-cache-port.js';
import type { UpdateLock } from '../clients/update-lock-port.js';
import { MemoryIdempotencyStore } from './memory-idempotency.js';
import { MemoryUpdateLock } from './memory-lock.js';
import { MemoryRateBuckets } from './memory-rate-buckets.js';
import { MemoryReadCache } from './memory-read-cache.js';
import { createStateMetrics, type StateMetrics } from './metrics.js';
import type { RateBuckets } from './rate-buckets.js';
import { RedisEpoch } from './epoch.js';
import { checkEviction } from './redis-settings.js';
import { randomEpoch } from './keys.js';
import { connectCluster, connectRedis, redactedUrl, redisAnswers, timed, type RedisClient } from './redis.js';
import { RedisIdempotencyStore } from './redis-idempotency.js';
import { RedisRateBuckets } from './redis-rate-buckets.js';
import { RedisReadCache } from './redis-read-cache.js';
import { RedisUpdateLock } from './redis-lock.js';

/**
 * The state requests share: in memory for one replica, or on Redis (REDIS_URL) for every
 * replica behind a load balancer. One Redis connection serves all the stores.
 */

export interface StateSettings {
  /** redis:// or rediss:// URL; null keeps everything in this process (unless a cluster is given). */
  redisUrl: string | null;
  /** Seed nodes of a Redis Cluster, instead of redisUrl. */
  redisClusterNodes: string[] | null;
  /** How long finished reads are kept; 0 = no read cache. */
  readCacheTtlMs: number;
  /** Live keys the in-memory idempotency store holds (Redis's own memory bounds it there). */
  idempotencyMaxKeys: number;
  /** Longer than any read or update can be under way (update lock ttl, cache generations). */
  guardMs: number;
  /** Live keys one credential may hold, in memory and on Redis. */
  idempotencyMaxKeysPerCredential: number;
  /** STATE_KEY_SECRET: mixed into the key material of credential ids (see keys.ts). */
  keySecret: string | null;
  /** APQ_REDIS_MAX_BYTES: the APQ space's budget on Redis. */
  apqRedisMaxBytes: number;
  /** REDIS_ALLOW_EVICTION: boot despite an eviction policy (logged as an error). */
  redisAllowEviction: boolean;
}

export interface SharedState {
  idempotency: IdempotencyStore;
  updateLock: UpdateLock;
  readCache: ReadCache | null;
  /** Apollo Server's cache (APQ); null = Apollo's own in-memory cache. */
  apqCache: KeyValueCache<string> | null;
  /** The upstream rate budgets' buckets (per provider and credential). */
  rateBuckets: RateBuckets;
  metrics: StateMetrics;
  /** For the boot log: where the state lives and what is shared. */
  summary: { redis: string | null; shared: string[] };
  /** Whether Redis answers; null when there is none. */
  redisReady(): Promise<boolean | null>;
  /** The key material of credential ids now (see keys.ts): shared by every replica on one Redis. */
  keyMaterial(): Buffer;
  /** The Redis epoch (data loss detection); null without Redis. */
  epoch: RedisEpoch | null;
  close(): Promise<void>;
}

export async function createState(settings: StateSettings, registry: Registry, log: Log): Promise<SharedState> {
  const metrics = createStateMetrics(registry);
  if (!settings.redisUrl && !settings.redisClusterNodes) {
    // One process: a random key of its own (nothing else ever reads its keys).
    const material = Buffer.from(randomEpoch(), 'hex');
    return {
      keyMaterial: () => material,
      epoch: null,
      idempotency: new MemoryIdempotencyStore(settings.idempotencyMaxKeys, settings.idempotencyMaxKeysPerCredential),
      updateLock: new MemoryUpdateLock(metrics),
      readCache: settings.readCacheTtlMs > 0 ? new MemoryReadCache(settings.readCacheTtlMs) : null,
      apqCache: null,
      rateBuckets: new MemoryRateBuckets(() => material),
      metrics,
      summary: { redis: null, shared: [] },
      redisReady: async () => null,
      close: async () => undefined,
    };
  }
  const redis: RedisClient = settings.redisClusterNodes ? await connectCluster(settings.redisClusterNodes) : await connectRedis(settings.redisUrl!);
  let epoch: RedisEpoch;
  try {
    await checkEviction(redis instanceof Cluster ? redis.nodes('master') : [redis], settings.redisAllowEviction, log);
    epoch = await RedisEpoch.start(redis, settings.keySecret, metrics, log);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const shared = ['idempotency keys', 'update locks', 'APQ cache', 'upstream rate budgets'];
  if (settings.readCacheTtlMs > 0) shared.push('read cache');
  return {
    idempotency: new RedisIdempotencyStore(redis, metrics, settings.idempotencyMaxKeysPerCredential),
    updateLock: new RedisUpdateLock(redis, metrics, () => { void epoch.check(); }),
    readCache: settings.readCacheTtlMs > 0 ? new RedisReadCache(redis, settings.readCacheTtlMs, settings.guardMs, metrics, log) : null,
    apqCache: new RedisKeyValueCache(redis, metrics, settings.apqRedisMaxBytes),
    rateBuckets: new RedisRateBuckets(redis, () => epoch.keyMaterial(), metrics, log),
    metrics,
    summary: {
      redis: settings.redisClusterNodes
        ? `Cluster ${settings.redisClusterNodes.map((node) => (/^rediss?:/.test(node) ? redactedUrl(node) : node)).join(',')}`
        : redactedUrl(settings.redisUrl!),
      shared,
    },
    redisReady: () => redisAnswers(redis),
    keyMaterial: () => epoch.keyMaterial(),
    epoch,
    close: async () => {
      epoch.close();
      // A hung Redis never answers QUIT: after the command timeout the socket is just closed.
      await timed(redis.quit()).catch(() => redis.disconnect());
    },
  };
}
