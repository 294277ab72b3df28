import type { Provider } from './providers/index.js';
import { ConfigError, ConfigErrors } from './config-error.js';
import type { BreakerOptions } from './providers/breaker.js';
import type { ProviderSettings } from './clients/settings.js';
import { providerModules } from './providers/index.js';
import { connectionEnvNamesOf, type RateLimit } from './clients/provider.js';
import { derivedTimings, parseSettings, requestCredentialPolicy, type Env, type RequestCredentialPolicy } from './config-settings.js';

export { ConfigError, ConfigErrors };
export type { RequestCredentialPolicy };

/**
 * The whole configuration, read once at boot from the environment: the general settings come
 * from the table in config-settings.ts (name, default, range, meaning), each provider's from its module.
 */
interface ConfigShape {
  host: string;
  port: number;
  introspection: boolean;
  logLevel: string;
  /** NODE_ENV, read here only: `development` puts stack traces in error responses, `production` keeps them out of logs too. */
  nodeEnv: string | null;
  upstream: {
    /** Timeout of one upstream attempt. */
    timeoutMs: number;
    /** Time for a whole upstream call, retries and waits included. */
    budgetMs: number;
    /** Retries of a read (GET) after the first attempt. */
    retries: number;
    /** Longest Retry-After we wait for before failing as rate limited. */
    retryAfterCapMs: number;
    /** Upstream requests in flight at most, per provider, per GraphQL request. */
    concurrency: number;
    /** Keep-alive sockets per provider at most. */
    maxSockets: number;
    /** Largest upstream body read; past it the call is aborted (UPSTREAM_BAD_RESPONSE). */
    maxBodyBytes: number;
    breaker: BreakerOptions;
    /** Each provider's rate budget (per credential); null = none (its `<PROVIDER>_RATE_PER_S` unset). */
    rateLimits: Record<Provider, RateLimit | null>;
    /** Whether upstream calls carry the W3C trace context (traceparent) when tracing is on. */
    traceparent: boolean;
  };
  /** Timings derived from UPSTREAM_BUDGET_MS, computed once (config-settings.ts, DERIVED_TIMINGS). */
  guards: ReturnType<typeof derivedTimings>;
  /** Settings per provider; null = not configured (no credential). */
  providers: Record<Provider, ProviderSettings | null>;
  /** Base URL per provider for requests that bring their own credentials. */
  requestCredentialUrls: Record<Provider, string>;
  /**
   * Whether requests bring their own provider credentials in headers: off (never), optional
   * (a request's header replaces the server's credential for that provider) or required
   * (every request brings the credential of each provider it uses).
   */
  requestCredentials: RequestCredentialPolicy;
  /** Whether /readyz also checks that each configured provider answers. */
  readyzCheckUpstream: boolean;
  /** How long one upstream check answers every /readyz probe, whoever asks. */
  readyzCacheMs: number;
  /** Distinct operation names that get their own metrics label; later ones are `other`. */
  metricsMaxOperations: number;
  /** How long a SIGTERM waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Protection against slow or too many clients. */
  http: {
    /** A request whose headers and body have not all arrived in this time is cut (408). */
    requestTimeoutMs: number;
    /** The same for the headers alone. */
    headersTimeoutMs: number;
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: number;
    /** Open client connections at most; more are refused at once. */
    maxConnections: number;
    /** Open connections from one address at most (trusted proxies excepted). */
    maxConnectionsPerAddress: number;
    /** Addresses or CIDR ranges of proxies whose X-Forwarded-For names the client; empty = none trusted. */
    trustProxy: string[];
  };
  edge: {
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    maxTokens: number;
    maxCost: number;
    /** Upstream lookups one operation may cause (each client, id, write). */
    maxUpstreamLookups: number;
    /** Distinct representations one `_entities` call (a gateway's batch) may look up. */
    maxEntityLookups: number;
    bodyLimitBytes: number;
    /** Largest query text (comments included); larger is refused with 413 before it is parsed. */
    maxQueryBytes: number;
    /** Deepest nesting of an operation's variables (or extensions); deeper is refused with 400. */
    maxVariablesDepth: number;
    /** Bytes the parsed-document cache keeps at most, each document's source text counted. */
    documentCacheBytes: number;
    /** Bytes the in-memory APQ store keeps at most (without Redis). */
    apqCacheBytes: number;
    allowBatchedRequests: boolean;
    maxBatchSize: number;
    /** Origins allowed by CORS; empty = no CORS headers at all. */
    corsOrigins: string[];
    /** Path of the persisted-documents JSON; set = only those documents run. */
    persistedQueriesFile: string | null;
  };
  /** Shared state (see src/state): Redis for several replicas, else in memory. */
  state: {
    redisUrl: string | null;
    /** REDIS_CLUSTER_NODES: seed nodes of a Redis Cluster (host:port or redis[s]:// URLs); null: none. */
    redisClusterNodes: string[] | null;
    /** Finished reads kept this long; 0 = no read cache. */
    readCacheTtlMs: number;
    /** Live idempotency keys the in-memory store holds; past it new keys are refused. */
    idempotencyMaxKeys: number;
    /** Live idempotency keys one credential may hold (memory and Redis alike). */
    idempotencyMaxKeysPerCredential: number;
    /** Mixed into the HMAC key of credential ids in state keys; null: the Redis epoch alone. */
    keySecret: string | null;
    /** Bytes the APQ space on Redis holds at most (queries and their hashes). */
    apqRedisMaxBytes: number;
    /** Boot despite a Redis eviction policy that may evict idempotency keys (logged as an error). */
    redisAllowEviction: boolean;
  };
  /** No provider setting was given at all: run on the built-in simulators. */
  demo: boolean;
}

/** The whole configuration as loadConfig returns it: read once at boot, never changed after. */
export type Config = Readonly<ConfigShape>;

/** A configuration with other provider settings (demo mode's simulators, a test's): a new object, the given one unchanged. */
export function withProviders(config: Config, providers: Config['providers']): Config {
  return { ...config, providers };
}

export function loadConfig(env: Env = process.env): Config {
  const read = new SettingsReader();
  const requestCredentials = read.check(() => requestCredentialPolicy(env), 'off');
  // Demo mode (simulated providers with fake clients) only where nobody can mistake it for
  // the real thing: not in production, not on a multi-tenant host.
  const demo = requestCredentials === 'off' && providerModules.every((module) => connectionEnvNamesOf(module).every((name) => !env[name]));
  const providers = {} as Config['providers'];
  const requestCredentialUrls = {} as Config['requestCredentialUrls'];
  const rateLimits = {} as Config['upstream']['rateLimits'];
  for (const module of providerModules) {
    providers[module.id] = read.check(() => module.settingsFromEnv(env), null);
    rateLimits[module.id] = read.check(() => module.rateBudgetFromEnv(env), null);
    requestCredentialUrls[module.id] = read.check(() => module.baseUrlFromEnv(env), '');
  }
  const s = parseSettings(env, demo, (parse, fallback) => read.check(parse, fallback));
  if (demo && s.NODE_ENV === 'production') {
    // Named from the provider modules, so a new provider shows up here with no edit.
    const settings = providerModules.map((module) => `${module.label}: ${connectionEnvNamesOf(module).join(', ')}`).join('; ');
    read.problems.push(new ConfigError('NODE_ENV', `is production but no provider is configured: set the settings of at least one (${settings}). `
      + '(Without NODE_ENV=production the service runs on its built-in simulators.)'));
  }
  const config: Config = {
    host: s.HOST,
    port: s.PORT,
    introspection: s.GRAPHQL_INTROSPECTION,
    logLevel: s.LOG_LEVEL,
    nodeEnv: s.NODE_ENV,
    upstream: {
      timeoutMs: s.UPSTREAM_TIMEOUT_MS,
      budgetMs: s.UPSTREAM_BUDGET_MS,
      retries: s.UPSTREAM_RETRIES,
      retryAfterCapMs: s.UPSTREAM_RETRY_AFTER_CAP_MS,
      concurrency: s.UPSTREAM_CONCURRENCY,
      maxSockets: s.UPSTREAM_MAX_SOCKETS,
      maxBodyBytes: s.UPSTREAM_MAX_BODY_BYTES,
      breaker: {
        errorThresholdPercentage: s.UPSTREAM_BREAKER_ERROR_PERCENT,
        volumeThreshold: s.UPSTREAM_BREAKER_VOLUME,
        resetTimeoutMs: s.UPSTREAM_BREAKER_RESET_MS,
      },
      rateLimits,
      traceparent: s.UPSTREAM_TRACEPARENT,
    },
    guards: derivedTimings(s.UPSTREAM_BUDGET_MS),
    providers,
    requestCredentialUrls,
    requestCredentials: s.REQUEST_CREDENTIALS,
    readyzCheckUpstream: s.READYZ_CHECK_UPSTREAM,
    readyzCacheMs: s.READYZ_CACHE_MS,
    metricsMaxOperations: s.METRICS_MAX_OPERATIONS,
    shutdownGraceMs: s.SHUTDOWN_GRACE_MS,
    http: {
      requestTimeoutMs: s.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: s.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: s.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: s.MAX_CONNECTIONS,
      maxConnectionsPerAddress: s.MAX_CONNECTIONS_PER_ADDRESS,
      trustProxy: s.TRUST_PROXY,
    },
    edge: {
      maxDepth: s.MAX_DEPTH,
      maxAliases: s.MAX_ALIASES,
      maxDirectives: s.MAX_DIRECTIVES,
      maxTokens: s.MAX_TOKENS,
      maxCost: s.MAX_COST,
      maxUpstreamLookups: s.MAX_UPSTREAM_LOOKUPS,
      maxEntityLookups: s.MAX_ENTITY_LOOKUPS,
      bodyLimitBytes: s.BODY_LIMIT_BYTES,
      maxQueryBytes: s.MAX_QUERY_BYTES,
      maxVariablesDepth: s.MAX_VARIABLES_DEPTH,
      documentCacheBytes: s.DOCUMENT_CACHE_BYTES,
      apqCacheBytes: s.APQ_CACHE_BYTES,
      allowBatchedRequests: s.ALLOW_BATCHED_REQUESTS,
      maxBatchSize: s.MAX_BATCH_SIZE,
      corsOrigins: s.CORS_ORIGINS,
      persistedQueriesFile: s.PERSISTED_QUERIES_FILE,
    },
    state: {
      redisUrl: s.REDIS_URL,
      redisClusterNodes: s.REDIS_CLUSTER_NODES,
      readCacheTtlMs: s.READ_CACHE_TTL_MS,
      idempotencyMaxKeys: s.IDEMPOTENCY_MAX_KEYS,
      idempotencyMaxKeysPerCredential: s.IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL,
      keySecret: s.STATE_KEY_SECRET,
      apqRedisMaxBytes: s.APQ_REDIS_MAX_BYTES,
      redisAllowEviction: s.REDIS_ALLOW_EVICTION,
    },
    demo,
  };
  // Every bad setting at once, so a deploy is not fixed one boot at a time.
  if (read.problems.length === 1) throw read.problems[0]!;
  if (read.problems.length > 1) throw new ConfigErrors(read.problems);
  return config;
}

/**
 * Reads settings, noting each bad one (with its fallback standing in, so the rest can still
 * be read and checked) instead of stopping at the first.
 */
class SettingsReader {
  readonly problems: ConfigError[] = [];

  check<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // One setting read twice (a provider's URL) is reported once.
      if (!this.problems.some((problem) => problem.message === error.message)) this.problems.push(error);
      return fallback;
    }
  }
}
