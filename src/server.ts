import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import type { ProviderRegistry } from './clients/provider.js';
import type { Log } from './clients/scope.js';
import type { Config } from './config.js';
import { Idempotency, MemoryIdempotencyStore } from './clients/idempotency.js';
import { InFlightReads } from './clients/in-flight.js';
import { armor, limitCode } from './edge/limits.js';
import { lookupBudgetPlugin } from './edge/lookup-budget.js';
import { loadPersistedDocuments } from './edge/persisted-queries.js';
import { registerRequestGuard } from './edge/request-guard.js';
import { createContext, type Context } from './graphql/context.js';
import { createSchema } from './graphql/schema.js';
import { createLogger, lazyChild, requestLog } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { requestLogPlugin } from './observability/request-log.js';
import { registerOperationalRoutes } from './observability/routes.js';
import { createProviders, providerModules } from './providers/index.js';

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

/** Builds and starts the whole service: the function main.ts and the tests call. */
export async function createServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const metrics = createMetrics();
  const logger = createLogger(config.logLevel, options.logDestination);
  const providers = createProviders(config.providers, { ...config.upstream, metrics });
  const persisted = config.edge.persistedQueriesFile ? loadPersistedDocuments(config.edge.persistedQueriesFile) : null;
  const limits = armor(config.edge);
  let draining = false;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.edge.bodyLimitBytes,
    // One line per GraphQL request comes from requestLogPlugin instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: (parent, bindings) => lazyChild(parent as unknown as Logger, bindings),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      // A caller's id is kept when it is a plain token, so it cannot forge log lines.
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  app.addHook('onRequest', async (request, reply) => { reply.header('x-request-id', request.id); });
  // Errors Fastify raises before GraphQL runs (malformed JSON, body too large, forbidden
  // __proto__ keys) are answered in the GraphQL response shape too.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = status >= 500 ? 'Internal server error' : error.message;
    return reply.code(status).send({ errors: [{ message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : (error.code ?? 'BAD_REQUEST') } }] });
  });
  // While shutting down, answers close their connection, so keep-alive clients do not hold
  // the process open until the grace period runs out.
  app.addHook('onSend', async (_request, reply) => { if (draining) reply.header('connection', 'close'); });

  const apollo = new ApolloServer<Context>({
    schema: await createSchema(providerModules),
    introspection: config.introspection,
    // Stack traces only where a developer asked for them, never in production responses.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === 'development',
    csrfPrevention: true,
    allowBatchedHttpRequests: config.edge.allowBatchedRequests,
    // Automatic persisted queries; under PERSISTED_QUERIES_ONLY the cache is the safelist itself.
    ...(persisted ? { persistedQueries: { cache: persisted.apqCache } } : {}),
    parseOptions: { maxTokens: config.edge.maxTokens },
    validationRules: limits.validationRules,
    plugins: [
      ...limits.plugins,
      lookupBudgetPlugin(config.edge.maxUpstreamLookups),
      fastifyApolloDrainPlugin(app),
      // Sandbox in every environment, not only in development (Apollo's default).
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      // Federated traces for gateways that ask for them (Apollo's default for a subgraph,
      // installed here so it is explicit). Error messages in traces stay masked.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      // Cache hints are of no use here (answers depend on the caller's credentials) and the
      // plugin wraps every field resolver of every request to compute them.
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(metrics),
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
    await app.register(cors, { origin: origins.includes('*') ? true : origins, methods: ['GET', 'POST', 'OPTIONS'] });
  }
  registerRequestGuard(app, {
    path: '/graphql',
    maxBatchSize: config.edge.allowBatchedRequests ? config.edge.maxBatchSize : null,
    persisted,
  });

  const contextOptions = {
    providers,
    idempotency: new Idempotency(new MemoryIdempotencyStore()),
    inFlight: new InFlightReads(),
    concurrency: config.upstream.concurrency,
    requestCredentialUrls: config.allowRequestCredentials ? config.requestCredentialUrls : null,
    observeBatch: (provider: string, size: number) => metrics.loaderBatchSize.observe({ provider }, size),
  };
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    context: async (request) => createContext(contextOptions, {
      requestId: request.id,
      log: requestLog(logger, request.id),
      header: (name) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      },
    }),
  });
  registerOperationalRoutes(app, { providers, metrics, checkUpstream: config.readyzCheckUpstream, draining: () => draining });

  await app.listen({ host: config.host, port: config.port });
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    providers,
    log: logger,
    close: async () => {
      draining = true;
      // Past the grace period, in-flight requests are cut rather than holding the exit forever.
      const force = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
        for (const provider of providers.values()) provider.close();
        logger.flush();
      }
    },
  };
}
