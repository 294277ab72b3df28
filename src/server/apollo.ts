import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { armor, limitCode } from '../edge/limits.js';
import { lookupBudgetPlugin } from '../edge/lookup-budget.js';
import type { PersistedDocuments } from '../edge/persisted-queries.js';
import type { Context } from '../graphql/context.js';
import { createSchema } from '../graphql/schema.js';
import type { Metrics } from '../observability/metrics.js';
import { requestLogPlugin } from '../observability/request-log.js';
import { providerModules } from '../providers/index.js';
import { APQ_TTL_SECONDS } from '../state/apq-cache.js';
import { ByteBoundedCache } from '../state/byte-bounded-cache.js';

export interface ApolloParts {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** The safelist under PERSISTED_QUERIES_ONLY, else null. */
  persisted: PersistedDocuments | null;
  /** APQ registrations shared by every replica (on Redis), when there is one. */
  sharedApqCache: KeyValueCache<string> | null;
  /** The request tracing plugin, when tracing is on. */
  tracePlugin: ApolloServerPlugin<BaseContext> | null;
}

/**
 * The GraphQL server, not started: the schema, the edge limits (armor, lookup budget), the
 * plugins, the caches of parsed documents and persisted queries, and formatError, which hides
 * our own bugs from callers.
 */
export async function createApollo({ config, logger, metrics, persisted, sharedApqCache, tracePlugin }: ApolloParts): Promise<ApolloServer<Context>> {
  const limits = armor(config.edge);
  const documentStore = new ByteBoundedCache<DocumentNode>(config.edge.documentCacheBytes, documentBytes);
  metrics.measureCache('documents', () => documentStore.bytes);
  // Without Redis, APQ registrations live in this process: anyone may register queries, so
  // bytes bound them (each one at most MAX_QUERY_BYTES, refused at the edge past it).
  const apqCache = persisted ? null : sharedApqCache ?? boundedApqCache(config.edge.apqCacheBytes, metrics);
  return new ApolloServer<Context>({
    schema: await createSchema(providerModules),
    introspection: config.introspection,
    // Stack traces only where a developer asked for them, never in production responses.
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    csrfPrevention: true,
    // One shutdown path, main.ts's: Apollo's own SIGTERM handler would drain Fastify with its
    // drain plugin's fixed 10 s (not SHUTDOWN_GRACE_MS), then send SIGTERM again, which
    // main.ts takes for the operator's second signal. The server's teardown drains, then stops Apollo.
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
