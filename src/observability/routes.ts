import type { FastifyInstance } from 'fastify';
import type { ProviderRegistry } from '../clients/provider.js';
import type { Metrics } from './metrics.js';

export interface HealthOptions {
  providers: ProviderRegistry;
  metrics: Metrics;
  checkUpstream: boolean;
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
    const configured = [...options.providers.values()].filter((provider) => provider.configured);
    const results = await Promise.all(configured.map(async (provider) => [provider.facts.id, await provider.probe()] as const));
    const providers = Object.fromEntries(results.map(([name, up]) => [name, up ? 'reachable' : 'unreachable']));
    const ready = results.every(([, up]) => up);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unready', providers, ...redis });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
}
