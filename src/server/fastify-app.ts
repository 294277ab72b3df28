import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ProviderRegistry } from '../clients/provider.js';
import type { Config } from '../config.js';
import { limitConnections, proxyList } from '../edge/connections.js';
import { registerExplorer } from '../edge/explorer.js';
import { httpRefusalOf } from '../edge/http-refusals.js';
import type { PersistedDocuments } from '../edge/persisted-queries.js';
import { registerRequestGuard } from '../edge/request-guard.js';
import type { Context } from '../graphql/context.js';
import { registerEdgeRequestLog, type EdgeRequestLog } from '../observability/edge-log.js';
import { lazyChild } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { registerRequestTracing } from '../observability/request-trace.js';
import { registerOperationalRoutes } from '../observability/routes.js';
import { tracingOn } from '../observability/tracing.js';
import type { SharedState } from '../state/index.js';

/** Where GraphQL is served. */
export const GRAPHQL_PATH = '/graphql';

export interface FastifyApp {
  app: FastifyInstance;
  /** The one line per request at the edge (observability/edge-log.ts). */
  edgeLog: EdgeRequestLog;
  /** The request tracing plugin for Apollo, when tracing is on. */
  tracePlugin: ApolloServerPlugin<BaseContext> | null;
}

/**
 * The HTTP server, before its routes: its options (body limit, proxies, slow-client timeouts,
 * request ids), the connection limits, the hooks every request goes through and the error
 * handler for what fails before GraphQL runs. `draining` says whether the server is shutting down.
 */
export function createFastifyApp(config: Config, logger: Logger, metrics: Metrics, draining: () => boolean): FastifyApp {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.edge.bodyLimitBytes,
    // Behind the listed proxies, request.ip is the client X-Forwarded-For names, not the proxy.
    trustProxy: config.http.trustProxy.length > 0 ? config.http.trustProxy : false,
    // Slow clients: a request must have arrived whole within requestTimeout, its headers
    // within headersTimeout; idle keep-alive sockets close. Node checks these every
    // connectionsCheckingInterval (30 s by default, too coarse for a 15 s limit).
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.http.requestTimeoutMs / 4))),
    },
    // One line per GraphQL request comes from requestLogPlugin instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: (parent, bindings) => lazyChild(parent as unknown as Logger, bindings),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      // A caller's id is kept when it is a plain token, so it cannot forge log lines.
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  limitConnections(app.server, {
    maxConnections: config.http.maxConnections,
    maxPerAddress: config.http.maxConnectionsPerAddress,
    trustedProxies: proxyList(config.http.trustProxy),
  });
  // Hooks that run on every request are in callback form: an async hook costs a promise per request.
  app.addHook('onRequest', (request, reply, done) => { reply.header('x-request-id', request.id); done(); });
  const edgeLog = registerEdgeRequestLog(app, logger, metrics, GRAPHQL_PATH, draining);
  // Off (no hook, no plugin) unless OTEL_* settings started the SDK (main.ts).
  const tracePlugin = tracingOn() ? registerRequestTracing(app, GRAPHQL_PATH) : null;
  // Errors Fastify raises before GraphQL runs (malformed JSON, body too large, forbidden
  // __proto__ keys) are answered in the GraphQL response shape too, with vocabulary codes.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const { status, code, message } = httpRefusalOf(error);
    if (status >= 500) logger.error({ requestId: request.id, err: error }, 'request failed');
    return reply.code(status).send({ errors: [{ message, extensions: { code } }] });
  });
  // While shutting down, answers close their connection, so keep-alive clients do not hold
  // the process open until the grace period runs out.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining()) reply.header('connection', 'close');
    done(null, payload);
  });
  return { app, edgeLog, tracePlugin };
}

/** What the routes are made from: the started Apollo, the request context, and what the operational routes report on. */
export interface RouteParts {
  /** Apollo, started. */
  apollo: ApolloServer<Context>;
  context: (request: FastifyRequest) => Promise<Context>;
  persisted: PersistedDocuments | null;
  providers: ProviderRegistry;
  metrics: Metrics;
  state: SharedState;
  draining: () => boolean;
}

/**
 * What the app serves: CORS for the listed origins, the request guard in front of GraphQL,
 * GraphQL itself, the explorer, and the operational routes (health, readiness, metrics).
 */
export async function registerRoutes(app: FastifyInstance, config: Config, routes: RouteParts): Promise<void> {
  if (config.edge.corsOrigins.length > 0) {
    const origins = config.edge.corsOrigins;
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins,
      methods: ['GET', 'POST', 'OPTIONS'],
      // Browser code may read the request id the service echoes (to quote it in a bug report).
      exposedHeaders: ['x-request-id'],
    });
  }
  registerRequestGuard(app, {
    path: GRAPHQL_PATH,
    maxBatchSize: config.edge.allowBatchedRequests ? config.edge.maxBatchSize : null,
    maxQueryBytes: config.edge.maxQueryBytes,
    maxVariablesDepth: config.edge.maxVariablesDepth,
    persisted: routes.persisted,
  });
  await app.register(fastifyApollo(routes.apollo), { path: GRAPHQL_PATH, method: ['GET', 'POST', 'OPTIONS'], context: routes.context });
  registerExplorer(app, GRAPHQL_PATH);
  const { providers, metrics, state, draining } = routes;
  registerOperationalRoutes(app, {
    providers, metrics, checkUpstream: config.readyzCheckUpstream, checkCacheMs: config.readyzCacheMs, draining, redisReady: state.redisReady,
    redisLostAt: () => state.epoch?.lostAt ?? null,
  });
}

/**
 * Stops taking requests and waits for those in flight; past `graceMs`, they are cut rather
 * than holding the exit forever.
 */
export async function closeApp(app: FastifyInstance, edgeLog: EdgeRequestLog, graceMs: number): Promise<void> {
  const force = setTimeout(() => {
    // Their lines are written before the cut: the process may exit right after.
    edgeLog.cutPending();
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}
