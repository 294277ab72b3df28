import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { IDEMPOTENCY_TTL_MS, Idempotency } from '../clients/idempotency.js';
import { InFlightReads } from '../clients/in-flight.js';
import type { ProviderRegistry } from '../clients/provider.js';
import type { Config } from '../config.js';
import { createContext, type Context, type ContextOptions } from '../graphql/context.js';
import type { EdgeRequestLog } from '../observability/edge-log.js';
import { requestLog } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { SharedState } from '../state/index.js';
import { CredentialIds } from '../state/keys.js';

/**
 * What every request's GraphQL context is made from, shared by all requests: the providers,
 * the write guards (idempotency, update lock) on the shared state, reads in flight, the
 * credential policy. `serverSettings` are the providers' settings the server calls with.
 */
export function contextOptionsOf(
  config: Config, state: SharedState, providers: ProviderRegistry, metrics: Metrics, serverSettings: Config['providers'],
): ContextOptions {
  return {
    providers,
    idempotency: new Idempotency(state.idempotency, {
      ttlMs: IDEMPOTENCY_TTL_MS,
      createMs: config.guards.createMs,
      pollMs: 20,
      // A claim gone at settling: did Redis lose its data? (logged, counted, shown by /readyz)
      claimLost: () => { void state.epoch?.check(); },
    }),
    updateGuard: { lock: state.updateLock, ttlMs: config.guards.updateMs },
    inFlight: new InFlightReads(state.readCache, state.metrics),
    concurrency: config.upstream.concurrency,
    credentialPolicy: config.requestCredentials,
    requestCredentialUrls: config.requestCredentialUrls,
    observeBatch: (provider: string, size: number) => metrics.loaderBatchSize.observe({ provider }, size),
    credentialIds: new CredentialIds(state.keyMaterial, serverSettings),
  };
}

/** The context of one GraphQL request over HTTP: its id, its log, its headers (credentials). */
export function requestContext(options: ContextOptions, logger: Logger, edgeLog: EdgeRequestLog) {
  return async (request: FastifyRequest): Promise<Context> => createContext(options, {
    requestId: request.id,
    requestLine: edgeLog.lineOf(request),
    log: requestLog(logger, request.id),
    header: (name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    },
  });
}
