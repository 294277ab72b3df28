import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { ServiceError } from './clients/errors.js';
import type { ProviderRegistry } from './clients/provider.js';
import type { Log } from './clients/scope.js';
import type { Config } from './config.js';
import { loadPersistedDocuments } from './edge/persisted-queries.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { redactPaths } from './observability/redaction.js';
import { createProviders, providerModules } from './providers/index.js';
import { createApollo } from './server/apollo.js';
import { logBootPolicies } from './server/boot-log.js';
import { contextOptionsOf, requestContext } from './server/context.js';
import { closeApp, createFastifyApp, GRAPHQL_PATH, registerRoutes } from './server/fastify-app.js';
import { Teardown } from './server/teardown.js';
import { createState } from './state/index.js';

/*
 * The service, composed here from the builders in server/ (one job each: the Apollo server,
 * the Fastify app and its routes, the GraphQL context, the teardown). What main.ts and the
 * tests import (createServer, RunningServer, ServerOptions, PortInUseError) stays in this file.
 */

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
  // Everything started from here on is stopped by this one list, last started first.
  const teardown = new Teardown();
  // A sink that is gone (stdout's reader ended) must not fail or block the shutdown.
  teardown.started('log', () => { try { logger.flush(); } catch { /* nothing left to tell */ } });
  // First: a Redis that cannot be reached stops the boot before anything else is started.
  // Locks and cache generations outlive the longest read-merge-write (config.guards).
  const state = await createState({ ...config.state, guardMs: config.guards.updateMs }, metrics.registry, logger);
  teardown.started('state', () => state.close());
  logger.info({ redis: state.summary.redis, shared: state.summary.shared }, state.summary.redis
    ? `shared state on Redis ${state.summary.redis}: ${state.summary.shared.join(', ')}`
    : 'state in memory: fit for one replica only (set REDIS_URL to share it between replicas)');
  // REQUEST_CREDENTIALS=required: the server's own credentials are never used for a request.
  const serverSettings = config.requestCredentials === 'required'
    ? Object.fromEntries(Object.keys(config.providers).map((name) => [name, null])) as Config['providers']
    : config.providers;
  const providers = createProviders(serverSettings, { ...config.upstream, metrics, rateBuckets: state.rateBuckets });
  teardown.started('providers', () => { for (const provider of providers.values()) provider.close(); });

  let draining = false;
  const isDraining = () => draining;
  // Nothing to stop until it listens (a Fastify app holds no socket before).
  const { app, edgeLog, tracePlugin } = createFastifyApp(config, logger, metrics, isDraining);
  try {
    const persisted = config.edge.persistedQueriesFile ? loadPersistedDocuments(config.edge.persistedQueriesFile) : null;
    const apollo = await createApollo({ config, logger, metrics, persisted, sharedApqCache: state.apqCache, tracePlugin });
    await apollo.start();
    teardown.started('apollo', () => apollo.stop());
    // Closed first: it stops taking requests and lets those in flight finish (up to the grace period) before Apollo stops.
    teardown.started('http', () => closeApp(app, edgeLog, config.shutdownGraceMs));
    const context = requestContext(contextOptionsOf(config, state, providers, metrics, serverSettings), logger, edgeLog);
    await registerRoutes(app, config, { apollo, context, persisted, providers, metrics, state, draining: isDraining });
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    // A boot that fails half way (the port is taken) stops what it started, as close() does.
    await teardown.run().catch(() => {});
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  logBootPolicies(logger, config);
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    providers,
    log: logger,
    close: async () => {
      draining = true;
      await teardown.run();
    },
  };
}
