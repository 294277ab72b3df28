import { isIP } from 'node:net';
import type { Provider } from './providers/index.js';
import { ConfigError, ConfigErrors } from './config-error.js';
import type { BreakerOptions } from './providers/breaker.js';
import type { ProviderSettings } from './clients/settings.js';
import type { RateLimit } from './state/rate-buckets.js';
import { providerModules } from './providers/index.js';
import { connectionEnvNamesOf } from './clients/provider.js';
import { DEFAULT_MAX_OPERATION_LABELS } from './observability/operation-label.js';

export { ConfigError, ConfigErrors };

/** The whole configuration, read once at boot from the environment. */
export interface Config {
  host: string;
  port: number;
  introspection: boolean;
  logLevel: string;
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

export type RequestCredentialPolicy = 'off' | 'optional' | 'required';

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const read = new SettingsReader(env);
  const requestCredentials = read.check(() => requestCredentialPolicy(env), 'off');
  // Demo mode (simulated providers with fake clients) only where nobody can mistake it for
  // the real thing: not in production, not on a multi-tenant host.
  const demo = requestCredentials === 'off' && providerModules.every((module) => connectionEnvNamesOf(module).every((name) => !env[name]));
  if (demo && env.NODE_ENV === 'production') {
    // Named from the provider modules, so a new provider shows up here with no edit.
    const settings = providerModules.map((module) => `${module.label}: ${connectionEnvNamesOf(module).join(', ')}`).join('; ');
    read.problems.push(new ConfigError('NODE_ENV', `is production but no provider is configured: set the settings of at least one (${settings}). `
      + '(Without NODE_ENV=production the service runs on its built-in simulators.)'));
  }
  const providers = {} as Config['providers'];
  const requestCredentialUrls = {} as Config['requestCredentialUrls'];
  const rateLimits = {} as Config['upstream']['rateLimits'];
  for (const module of providerModules) {
    providers[module.id] = read.check(() => module.settingsFromEnv(env), null);
    rateLimits[module.id] = read.check(() => module.rateBudgetFromEnv(env), null);
    requestCredentialUrls[module.id] = read.check(() => module.baseUrlFromEnv(env), '');
  }
  const timeoutMs = read.integer('UPSTREAM_TIMEOUT_MS', 5000, 1, 600_000);
  const concurrency = read.integer('UPSTREAM_CONCURRENCY', 8, 1, 1024);
  const requestTimeoutMs = read.integer('REQUEST_TIMEOUT_MS', 15_000, 1, 3_600_000);
  const maxConnections = read.integer('MAX_CONNECTIONS', 1000, 1, 1_000_000);
  const config: Config = {
    // The demo's data is writable by anyone who reaches it: loopback only, unless HOST says otherwise.
    host: env.HOST || (demo ? '127.0.0.1' : '0.0.0.0'),
    port: read.integer('PORT', 4000, 0, 65535),
    introspection: read.boolean('GRAPHQL_INTROSPECTION', true),
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    upstream: {
      timeoutMs,
      budgetMs: read.integer('UPSTREAM_BUDGET_MS', 2 * timeoutMs, timeoutMs, 3_600_000),
      retries: read.integer('UPSTREAM_RETRIES', 2, 0, 10),
      retryAfterCapMs: read.integer('UPSTREAM_RETRY_AFTER_CAP_MS', 10_000, 0, 600_000),
      concurrency,
      // Enough for `concurrency` calls from each of several requests at once.
      maxSockets: read.integer('UPSTREAM_MAX_SOCKETS', 8 * concurrency, 1, 65_536),
      // A client record is a few KB; a body far larger is a broken or hostile provider.
      maxBodyBytes: read.integer('UPSTREAM_MAX_BODY_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
      breaker: {
        errorThresholdPercentage: read.integer('UPSTREAM_BREAKER_ERROR_PERCENT', 50, 1, 100),
        volumeThreshold: read.integer('UPSTREAM_BREAKER_VOLUME', 10, 1, 100_000),
        resetTimeoutMs: read.integer('UPSTREAM_BREAKER_RESET_MS', 10_000, 1, 3_600_000),
      },
      rateLimits,
      // Off: a trace id sent to a third party tells it about our traffic, for nothing in return.
      traceparent: read.boolean('UPSTREAM_TRACEPARENT', false),
    },
    providers,
    requestCredentialUrls,
    requestCredentials,
    readyzCheckUpstream: read.boolean('READYZ_CHECK_UPSTREAM', false),
    readyzCacheMs: read.integer('READYZ_CACHE_MS', 5000, 0, 600_000),
    metricsMaxOperations: read.integer('METRICS_MAX_OPERATIONS', DEFAULT_MAX_OPERATION_LABELS, 0, 100_000),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    http: {
      requestTimeoutMs,
      // Headers are a few hundred bytes: a caller still sending them after 10 s is trickling.
      headersTimeoutMs: read.integer('HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 1, requestTimeoutMs),
      keepAliveTimeoutMs: read.integer('KEEP_ALIVE_TIMEOUT_MS', 72_000, 1, 3_600_000),
      maxConnections,
      // One address (one host, or one NAT) gets a tenth of the slots by default.
      maxConnectionsPerAddress: read.integer('MAX_CONNECTIONS_PER_ADDRESS', Math.max(1, Math.floor(maxConnections / 10)), 1, maxConnections),
      trustProxy: read.check(() => trustProxy(env), []),
    },
    edge: {
      maxDepth: read.integer('MAX_DEPTH', 10, 1, 1000),
      maxAliases: read.integer('MAX_ALIASES', 30, 0, 100_000),
      maxDirectives: read.integer('MAX_DIRECTIVES', 20, 0, 100_000),
      maxTokens: read.integer('MAX_TOKENS', 2000, 10, 1_000_000),
      maxCost: read.integer('MAX_COST', 5000, 1, 10_000_000),
      maxUpstreamLookups: read.integer('MAX_UPSTREAM_LOOKUPS', 200, 1, 100_000),
      maxEntityLookups: read.integer('MAX_ENTITY_LOOKUPS', 2000, 1, 1_000_000),
      bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
      // MAX_TOKENS operation tokens take a few KB; the rest of a larger query can only be
      // comments and blanks, which cost memory and parsing but are no token.
      maxQueryBytes: read.integer('MAX_QUERY_BYTES', 64 * 1024, 1024, 64 * 1024 * 1024),
      // This API's deepest input (an address in a create input in a variable) is 3 levels.
      maxVariablesDepth: read.integer('MAX_VARIABLES_DEPTH', 32, 1, 10_000),
      documentCacheBytes: read.integer('DOCUMENT_CACHE_BYTES', 30 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
      apqCacheBytes: read.integer('APQ_CACHE_BYTES', 30 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
      allowBatchedRequests: read.boolean('ALLOW_BATCHED_REQUESTS', false),
      maxBatchSize: read.integer('MAX_BATCH_SIZE', 10, 1, 1000),
      corsOrigins: read.check(() => corsOrigins(env), []),
      persistedQueriesFile: read.check(() => persistedQueriesFile(env), null),
    },
    state: {
      redisUrl: read.check(() => redisUrl(env), null),
      redisClusterNodes: read.check(() => redisClusterNodes(env), null),
      readCacheTtlMs: read.integer('READ_CACHE_TTL_MS', 0, 0, 86_400_000),
      idempotencyMaxKeys: read.integer('IDEMPOTENCY_MAX_KEYS', 10_000, 1, 10_000_000),
      idempotencyMaxKeysPerCredential: read.integer('IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL', 1000, 1, 10_000_000),
      keySecret: read.check(() => keySecret(env), null),
      apqRedisMaxBytes: read.integer('APQ_REDIS_MAX_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
      redisAllowEviction: read.boolean('REDIS_ALLOW_EVICTION', false),
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

  constructor(private readonly env: Env) {}

  integer(name: string, fallback: number, min: number, max: number): number {
    return this.check(() => integer(this.env, name, fallback, min, max), fallback);
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.check(() => boolean(this.env, name, fallback), fallback);
  }

  oneOf(name: string, fallback: string, allowed: string[]): string {
    return this.check(() => oneOf(this.env, name, fallback, allowed), fallback);
  }

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

function requestCredentialPolicy(env: Env): RequestCredentialPolicy {
  // ALLOW_REQUEST_CREDENTIALS=true is the older spelling of REQUEST_CREDENTIALS=optional.
  const legacy = boolean(env, 'ALLOW_REQUEST_CREDENTIALS', false);
  if (env.REQUEST_CREDENTIALS) return oneOf(env, 'REQUEST_CREDENTIALS', 'off', ['off', 'optional', 'required']) as RequestCredentialPolicy;
  return legacy ? 'optional' : 'off';
}

/**
 * Browser origins as a browser sends them: scheme://host[:port], nothing more, or `*`. An
 * origin with a trailing slash or without a scheme never matches, so it is refused here.
 */
export function corsOrigins(env: Env): string[] {
  const origins = (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    if (!/^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(origin)) {
      throw new ConfigError('CORS_ORIGINS', `holds "${origin}", which is not an origin: write scheme://host[:port] `
        + '(no path, no trailing slash), e.g. http://localhost:3000, or * for any');
    }
  }
  return origins;
}

/** Proxy addresses or CIDR ranges, comma-separated: "10.0.0.0/8, 127.0.0.1". */
export function trustProxy(env: Env): string[] {
  const entries = (env.TRUST_PROXY ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) {
      throw new ConfigError('TRUST_PROXY', `holds "${entry}", which is not an IP address or CIDR range: list your proxies' addresses, e.g. 10.0.0.0/8,127.0.0.1`);
    }
  }
  return entries;
}

function redisUrl(env: Env): string | null {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return null;
  // Only the scheme is named: the URL may hold a password.
  if (!/^rediss?:\/\/[^/]/.test(raw)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0');
  return raw;
}

function redisClusterNodes(env: Env): string[] | null {
  const raw = env.REDIS_CLUSTER_NODES;
  if (raw === undefined || raw.trim() === '') return null;
  if (env.REDIS_URL) throw new ConfigError('REDIS_CLUSTER_NODES', 'and REDIS_URL are both set: set one (REDIS_CLUSTER_NODES for a Redis Cluster)');
  const nodes = raw.split(',').map((node) => node.trim()).filter(Boolean);
  for (const node of nodes) {
    // A URL may hold a password: only its shape is named.
    if (!/^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}$/.test(node) && !/^rediss?:\/\/[^/]+$/.test(node)) {
      throw new ConfigError('REDIS_CLUSTER_NODES', 'must be a comma-separated list of host:port (or redis:// / rediss:// URLs), e.g. 10.0.0.1:6379,10.0.0.2:6379');
    }
  }
  return nodes;
}

function keySecret(env: Env): string | null {
  const raw = env.STATE_KEY_SECRET;
  if (raw === undefined || raw === '') return null;
  // Its value is never named: it is a secret.
  if (raw.length < 32) throw new ConfigError('STATE_KEY_SECRET', 'must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  return raw;
}

function persistedQueriesFile(env: Env): string | null {
  if (!boolean(env, 'PERSISTED_QUERIES_ONLY', false)) return null;
  if (!env.PERSISTED_QUERIES_FILE) throw new ConfigError('PERSISTED_QUERIES_FILE', 'must be set when PERSISTED_QUERIES_ONLY=true');
  return env.PERSISTED_QUERIES_FILE;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, not "${env[name]}"`);
}

function oneOf(env: Env, name: string, fallback: string, allowed: string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, not "${raw}"`);
  return raw;
}
