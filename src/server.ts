import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo from '@as-integrations/fastify';
import cors from '@fastify/cors';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import type { ProviderRegistry } from './clients/provider.js';
import type { Log } from './clients/scope.js';
import type { Config } from './config.js';
import { IDEMPOTENCY_TTL_MS, Idempotency } from './clients/idempotency.js';
import { InFlightReads } from './clients/in-flight.js';
import { registerExplorer } from './edge/explorer.js';
import { createState } from './state/index.js';
import { CredentialIds } from './clients/credential-ids.js';
import { APQ_TTL_SECONDS } from './state/apq-cache.js';
import { ByteBoundedCache } from './state/byte-bounded-cache.js';
import { limitConnections, proxyList } from './edge/connections.js';
import { armor, limitCode } from './edge/limits.js';
import { lookupBudgetPlugin } from './edge/lookup-budget.js';
import { loadPersistedDocuments } from './edge/persisted-queries.js';
import { registerRequestGuard } from './edge/request-guard.js';
import { createContext, type Context } from './graphql/context.js';
import { createSchema } from './graphql/schema.js';
import { registerEdgeRequestLog } from './observability/edge-log.js';
import { createLogger, lazyChild, requestLog } from './observability/logger.js';
import { registerRequestTracing } from './observability/request-trace.js';
import { tracingOn } from './observability/tracing.js';
import { redactPaths } from './observability/redaction.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { requestLogPlugin } from './observability/request-log.js';
import { registerOperationalRoutes } from './observability/routes.js';
import { createProviders, providerModules } from './providers/index.js';
import { ServiceError } from './clients/errors.js';

export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  providers: ProviderRegistry;
  /** The server's logger (structured JSON lines). */
  log: Log;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then frees everything. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
}

/** The port is taken: said in one line, since there is nothing more to it. */
export class PortInUseError extends ServiceError {
  override readonly name = 'PortInUseError';
  constructor(port: number) {
    super('PORT_IN_USE', `port ${port} is in use; set PORT`);
  }
}

/** Builds and starts the whole service: the function main.ts and the tests call. */
export async function createServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const metrics = createMetrics(config.metricsMaxOperations);
  const logger = createLogger(config.logLevel, options.logDestination, {
    stacks: config.nodeEnv !== 'production',
    redact: redactPaths(providerModules),
  });
  // First: a Redis that cannot be reached stops the boot before anything else is started.
  // Locks and cache generations outlive the longest read-merge-write (config.guards).
  const state = await createState({ ...config.state, guardMs: config.guards.updateMs }, metrics.registry, logger);
  logger.info({ redis: state.summary.redis, shared: state.summary.shared }, state.summary.redis
    ? `shared state on Redis ${state.summary.redis}: ${state.summary.shared.join(', ')}`
    : 'state in memory: fit for one replica only (set REDIS_URL to share it between replicas)');
  // REQUEST_CREDENTIALS=required: the server's own credentials are never used for a request.
  const serverSettings = config.requestCredentials === 'required'
    ? Object.fromEntries(Object.keys(config.providers).map((name) => [name, null])) as Config['providers']
    : config.providers;
  const providers = createProviders(serverSettings, { ...config.upstream, metrics, rateBuckets: state.rateBuckets });
  const persisted = config.edge.persistedQueriesFile ? loadPersistedDocuments(config.edge.persistedQueriesFile) : null;
  const limits = armor(config.edge);
  const documentStore = new ByteBoundedCache<DocumentNode>(config.edge.documentCacheBytes, documentBytes);
  metrics.measureCache('documents', () => documentStore.bytes);
  // Without Redis, APQ registrations live in this process: anyone may register queries, so
  // bytes bound them (each one at most MAX_QUERY_BYTES, refused at the edge past it).
  const apqCache = persisted ? null : state.apqCache ?? boundedApqCache(config.edge.apqCacheBytes, metrics);
  let draining = false;
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
  const edgeLog = registerEdgeRequestLog(app, logger, metrics, '/graphql', () => draining);
  // Off (no hook, no plugin) unless OTEL_* settings started the SDK (main.ts).
  const tracePlugin = tracingOn() ? registerRequestTracing(app, '/graphql') : null;
  // Errors Fastify raises before GraphQL runs (malformed JSON, body too large, forbidden
  // __proto__ keys) are answered in the GraphQL response shape too.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) logger.error({ requestId: request.id, err: error }, 'request failed');
    const message = status >= 500 ? 'Internal server error' : error.message;
    return reply.code(status).send({ errors: [{ message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : (error.code ?? 'BAD_REQUEST') } }] });
  });
  // While shutting down, answers close their connection, so keep-alive clients do not hold
  // the process open until the grace period runs out.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  const apollo = new ApolloServer<Context>({
    schema: await createSchema(providerModules),
    introspection: config.introspection,
    // Stack traces only where a developer asked for them, never in production responses.
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    csrfPrevention: true,
    // One shutdown path, main.ts's: Apollo's own SIGTERM handler would drain Fastify with its
    // drain plugin's fixed 10 s (not SHUTDOWN_GRACE_MS), then send SIGTERM again, which
    // main.ts takes for the operator's second signal. close() below drains, then stops Apollo.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: config.edge.allowBatchedRequests,
    // Automatic persisted queries; under PERSISTED_QUERIES_ONLY the cache is the safelist itself.
    ...(persisted ? { persistedQueries: { cache: persisted.apqCache } } : {}),
    // Otherwise APQ lives in Apollo's cache: on Redis, so a query registered at one replica runs
    // at all; else in this process, bounded by APQ_CACHE_BYTES.
    ...(apqCache ? { cache: apqCache } : {}),
    documentStore,
    // Anyone may register a query, so registrations expire (Apollo's default keeps them for ever).
    ...(!persisted ? { persistedQueries: { ttl: APQ_TTL_SECONDS } } : {}),
    parseOptions: { maxTokens: config.edge.maxTokens },
    validationRules: limits.validationRules,
    plugins: [
      ...limits.plugins,
      lookupBudgetPlugin({ maxLookups: config.edge.maxUpstreamLookups, maxEntityLookups: config.edge.maxEntityLookups }),
      // Sandbox in every environment, not only in development (Apollo's default).
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // Federated traces for gateways that ask for them (Apollo's default for a subgraph,
      // installed here so it is explicit). Error messages in traces stay masked.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      // Cache hints are of no use here (answers depend on the caller's credentials) and the
      // plugin wraps every field resolver of every request to compute them.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(metrics),
      ...(tracePlugin ? [tracePlugin] : []),
    ],
    formatError(formatted, error) {
      const limit = limitCode(error);
      if (limit) return { ...formatted, extensions: { ...formatted.extensions, code: limit } };
      if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // Our own bug: keep the detail in the server's log, give the caller nothing to leak.
      logger.error({ err: error }, 'internal error');
      return { message: 'Internal server error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    },
  });
  await apollo.start();

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
    path: '/graphql',
    maxBatchSize: config.edge.allowBatchedRequests ? config.edge.maxBatchSize : null,
    maxQueryBytes: config.edge.maxQueryBytes,
    maxVariablesDepth: config.edge.maxVariablesDepth,
    persisted,
  });

  const contextOptions = {
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
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    context: async (request) => createContext(contextOptions, {
      requestId: request.id,
      requestLine: edgeLog.lineOf(request),
      log: requestLog(logger, request.id),
      header: (name) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      },
    }),
  });
  registerExplorer(app, '/graphql');
  registerOperationalRoutes(app, {
    providers, metrics, checkUpstream: config.readyzCheckUpstream, checkCacheMs: config.readyzCacheMs, draining: () => draining, redisReady: state.redisReady,
    redisLostAt: () => state.epoch?.lostAt ?? null,
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close().catch(() => {});
    for (const provider of providers.values()) provider.close();
    await state.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logBootPolicies(logger, config);
  return {
    url: `http://${host}:${port}/graphql`,
    providers,
    log: logger,
    close: async () => {
      draining = true;
      // Past the grace period, in-flight requests are cut rather than holding the exit forever.
      const force = setTimeout(() => {
        // Their lines are written before the cut: the process may exit right after.
        edgeLog.cutPending();
        app.server.closeAllConnections();
      }, config.shutdownGraceMs);
      try {
        await app.close();
        await apollo.stop();
      } finally {
        clearTimeout(force);
        for (const provider of providers.values()) provider.close();
        await state.close();
        // A sink that is gone (stdout's reader ended) must not fail or block the shutdown.
        try { logger.flush(); } catch { /* nothing left to tell */ }
      }
    },
  };
}

/**
 * What a parsed document holds alive: Apollo's own estimate (the AST's JSON) plus its source
 * text, which every location in the AST keeps (comments included, which are no tokens).
 */
function documentBytes(document: DocumentNode): number {
  return InMemoryLRUCache.sizeCalculation(document) + (document.loc?.source.body.length ?? 0);
}

function boundedApqCache(maxBytes: number, metrics: Metrics): ByteBoundedCache<string> {
  const cache = new ByteBoundedCache<string>(maxBytes, (query) => query.length);
  metrics.measureCache('apq', () => cache.bytes);
  return cache;
}

/** The policies an operator should see at a glance in the start log. */
function logBootPolicies(logger: Logger, config: Config): void {
  const origins = config.edge.corsOrigins;
  logger.info({ corsOrigins: origins }, origins.length === 0
    ? 'CORS: off (no CORS headers; browser pages on other origins cannot call this service; set CORS_ORIGINS)'
    : `CORS: pages from ${origins.includes('*') ? 'any origin' : origins.join(', ')} may call this service`);
  const policy = config.requestCredentials;
  const serverHas = Object.values(config.providers).some(Boolean);
  const text = {
    off: 'request credentials: off (credential headers are ignored; the server\'s credentials are used)',
    optional: 'request credentials: optional (a request\'s credential header replaces the server\'s for that provider)',
    required: 'request credentials: required (every request brings the credential of each provider it uses; the server\'s are never used)',
  }[policy];
  logger.info({ requestCredentials: policy }, text);
  if (policy === 'optional' && !serverHas) {
    const headers = providerModules.flatMap((module) => module.credentialHeaders);
    logger.info(`no server credentials are set: every request must bring its own (${headers.join(', ')})`);
  }
}
