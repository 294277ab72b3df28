import type { FastifyInstance } from 'fastify';
import type { ProviderRegistry } from '../clients/provider.js';
import type { Metrics } from './metrics.js';

export interface HealthOptions {
  providers: ProviderRegistry;
  metrics: Metrics;
  checkUpstream: boolean;
  /** How long one upstream check answers every probe (READYZ_CACHE_MS). */
  checkCacheMs: number;
  /** True once shutdown began: a load balancer should stop sending traffic. */
  draining: () => boolean;
  /** Whether the shared state's Redis answers; null when there is none. */
  redisReady?: () => Promise<boolean | null>;
  /** When this replica last found that Redis had lost its data; null: never. */
  redisLostAt?: () => Date | null;
}

/** /healthz (alive), /readyz (ready for traffic) and /metrics (Prometheus). */
export function registerOperationalRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  const checkUpstream = sharedCheck(options.providers, options.checkCacheMs);

  app.get('/readyz', async (_request, reply) => {
    if (options.draining()) return reply.code(503).send({ status: 'draining' });
    // Redis is reported, not required: without it reads still work (only protected writes are
    // refused), so taking every replica out of the load balancer would be worse.
    const redisUp = await options.redisReady?.();
    const lostAt = options.redisLostAt?.();
    const redis = redisUp === null || redisUp === undefined ? {} : {
      redis: redisUp ? 'reachable' : 'unreachable',
      // Reported, not failing readiness either: Redis works again; what it forgot is gone.
      ...(lostAt ? { redisDataLostAt: lostAt.toISOString() } : {}),
    };
    if (!options.checkUpstream) return { status: 'ready', ...redis };
    const results = await checkUpstream();
    const providers = Object.fromEntries(results.map(([name, up]) => [name, up ? 'reachable' : 'unreachable']));
    const ready = results.every(([, up]) => up);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unready', providers, ...redis });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
}

type CheckResults = ReadonlyArray<readonly [string, boolean]>;

/**
 * The upstream check of /readyz, made at most once per `ttlMs` whoever asks: probes that come
 * while one runs share it, and those within `ttlMs` of its start get its result. /readyz needs
 * no credential, so without this every anonymous probe would cost a call to each provider.
 */
function sharedCheck(providers: ProviderRegistry, ttlMs: number): () => Promise<CheckResults> {
  let last: { at: number; results: Promise<CheckResults> } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.at < ttlMs) return last.results;
    const configured = [...providers.values()].filter((provider) => provider.configured);
    const results = Promise.all(configured.map(async (provider) => [provider.facts.id, await provider.probe()] as const));
    last = { at: now, results };
    return results;
  };
}
