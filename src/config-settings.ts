import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';
import { DEFAULT_MAX_OPERATION_LABELS } from './observability/operation-label.js';

/**
 * Every general setting, declared once: its name, default (and how the default reads in the
 * manual when it is derived from another setting), what it allows and what it means. loadConfig
 * parses from this table and `npm run schema` writes the manual's settings table from it, in this
 * order; a test fails when src reads a setting that is not here. (Each provider's own settings are
 * declared by its module, `envSettings`.)
 */

export type Env = Record<string, string | undefined>;

/** The settings parsed before the one being parsed (a derived default or bound reads them). */
export interface Earlier {
  /** No provider setting at all: the service runs on its simulators. */
  readonly demo: boolean;
  number(name: string): number;
  flag(name: string): boolean;
}

/** A default or bound computed from earlier settings, and how the manual says it. */
interface Derived {
  doc: string;
  of(earlier: Earlier): number;
}

type Bound = number | Derived;

export interface Setting<T> {
  /** What it does, as the manual's table says it. */
  readonly meaning: string;
  /** The default as the manual says it. */
  readonly docDefault: string;
  /** The values it takes, as the manual says them. */
  readonly allowed: string;
  /** The manual prints it in the row of this (earlier) setting: names, defaults and ranges joined by " / ". */
  readonly sharesRowWith?: string;
  /** The value from the environment; a bad one throws a ConfigError naming the setting. */
  parse(env: Env, name: string, earlier: Earlier): T;
  /** What stands in for a bad value, so the settings after it can still be read and checked. */
  fallback(earlier: Earlier): T;
}

type Describe = { meaning: string; sharesRowWith?: string };

function integerSetting(options: Describe & { default: Bound; min: Bound; max: Bound }): Setting<number> {
  const value = (bound: Bound, earlier: Earlier) => (typeof bound === 'number' ? bound : bound.of(earlier));
  const doc = (bound: Bound) => (typeof bound === 'number' ? String(bound) : bound.doc);
  return {
    ...options,
    docDefault: typeof options.default === 'number' ? `\`${options.default}\`` : options.default.doc,
    allowed: `${doc(options.min)}–${doc(options.max)}`,
    parse: (env, name, earlier) => integer(env, name, value(options.default, earlier), value(options.min, earlier), value(options.max, earlier)),
    fallback: (earlier) => value(options.default, earlier),
  };
}

function booleanSetting(options: Describe & { default: boolean }): Setting<boolean> {
  return {
    ...options,
    docDefault: `\`${options.default}\``,
    allowed: '`true`, `false`',
    parse: (env, name) => boolean(env, name, options.default),
    fallback: () => options.default,
  };
}

function oneOfSetting<T extends string>(options: Describe & { default: T; allowed: readonly T[] }): Setting<T> {
  return {
    ...options,
    docDefault: `\`${options.default}\``,
    allowed: options.allowed.map((value) => `\`${value}\``).join(', '),
    parse: (env, name) => oneOf(env, name, options.default, options.allowed),
    fallback: () => options.default,
  };
}

/** A setting with a parser of its own (lists, URLs, secrets, settings that depend on others). */
function customSetting<T>(options: Describe & Omit<Setting<T>, 'meaning' | 'sharesRowWith'>): Setting<T> {
  return options;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const GENERAL_SETTINGS = {
  PORT: integerSetting({ default: 4000, min: 0, max: 65535, meaning: 'HTTP port' }),
  HOST: customSetting<string>({
    docDefault: '`0.0.0.0`; `127.0.0.1` in demo mode',
    allowed: 'an address of this host',
    meaning: 'interface to listen on',
    // The demo's data is writable by anyone who reaches it: loopback only, unless HOST says otherwise.
    parse: (env, _name, earlier) => env.HOST || (earlier.demo ? '127.0.0.1' : '0.0.0.0'),
    fallback: (earlier) => (earlier.demo ? '127.0.0.1' : '0.0.0.0'),
  }),
  GRAPHQL_INTROSPECTION: booleanSetting({ default: true, meaning: '`false` turns introspection off (Sandbox then cannot read the schema)' }),
  LOG_LEVEL: oneOfSetting({
    default: 'info', allowed: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    meaning: '`debug` adds one line per upstream call; `silent` turns logs off',
  }),
  UPSTREAM_TIMEOUT_MS: integerSetting({ default: 5000, min: 1, max: 600_000, meaning: 'timeout of one upstream attempt' }),
  UPSTREAM_BUDGET_MS: integerSetting({
    default: { doc: '2 × timeout', of: (earlier) => 2 * earlier.number('UPSTREAM_TIMEOUT_MS') },
    min: { doc: '`UPSTREAM_TIMEOUT_MS`', of: (earlier) => earlier.number('UPSTREAM_TIMEOUT_MS') },
    max: 3_600_000,
    meaning: 'time for a whole upstream call, retries and waits included',
  }),
  UPSTREAM_RETRIES: integerSetting({ default: 2, min: 0, max: 10, meaning: 'retries of a read (GET) on connection errors, 5xx and 429' }),
  UPSTREAM_RETRY_AFTER_CAP_MS: integerSetting({
    default: 10_000, min: 0, max: 600_000,
    meaning: 'longest `Retry-After` waited for; a longer one fails at once as `UPSTREAM_RATE_LIMITED`',
  }),
  UPSTREAM_CONCURRENCY: integerSetting({ default: 8, min: 1, max: 1024, meaning: 'upstream requests in flight per provider per GraphQL request' }),
  UPSTREAM_MAX_SOCKETS: integerSetting({
    // Enough for `concurrency` calls from each of several requests at once.
    default: { doc: '8 × concurrency', of: (earlier) => 8 * earlier.number('UPSTREAM_CONCURRENCY') },
    min: 1, max: 65_536,
    meaning: 'keep-alive sockets per provider',
  }),
  UPSTREAM_MAX_BODY_BYTES: integerSetting({
    // A client record is a few KB; a body far larger is a broken or hostile provider.
    default: MiB, min: KiB, max: GiB,
    meaning: 'largest provider answer read; past it the call is aborted at once and that field is `UPSTREAM_BAD_RESPONSE`',
  }),
  UPSTREAM_BREAKER_ERROR_PERCENT: integerSetting({ default: 50, min: 1, max: 100, meaning: 'failing share of calls that opens a provider\'s circuit' }),
  UPSTREAM_BREAKER_VOLUME: integerSetting({ default: 10, min: 1, max: 100_000, meaning: 'calls in the 10 s window before the share counts' }),
  UPSTREAM_BREAKER_RESET_MS: integerSetting({ default: 10_000, min: 1, max: 3_600_000, meaning: 'how long an open circuit fails fast before one probe call' }),
  // Off: a trace id sent to a third party tells it about our traffic, for nothing in return.
  UPSTREAM_TRACEPARENT: booleanSetting({
    default: false,
    meaning: 'with tracing on, `true` sends each upstream call\'s W3C `traceparent` to the provider (see Traces)',
  }),
  REQUEST_CREDENTIALS: customSetting<RequestCredentialPolicy>({
    docDefault: '`off`',
    allowed: '`off`, `optional`, `required`',
    meaning: 'whether requests bring their own provider credentials: `off`, `optional` or `required` (see Multi-tenant hosts)',
    parse: (env) => requestCredentialPolicy(env),
    fallback: () => 'off',
  }),
  ALLOW_REQUEST_CREDENTIALS: booleanSetting({
    default: false,
    meaning: 'older spelling: `true` means `REQUEST_CREDENTIALS=optional` (`REQUEST_CREDENTIALS` wins when both are set)',
  }),
  READYZ_CHECK_UPSTREAM: booleanSetting({ default: false, meaning: '`true` makes `/readyz` also check that each configured provider answers' }),
  READYZ_CACHE_MS: integerSetting({
    default: 5000, min: 0, max: 600_000,
    meaning: 'one upstream check of `/readyz` answers every probe for this long, whoever asks (probes during a check share it); `0` = check on every probe',
  }),
  SHUTDOWN_GRACE_MS: integerSetting({
    default: 10_000, min: 0, max: 600_000,
    meaning: 'how long SIGTERM waits for in-flight requests (the process exits at the latest 5 s after it)',
  }),
  REQUEST_TIMEOUT_MS: integerSetting({
    default: 15_000, min: 1, max: 3_600_000,
    meaning: 'a request whose headers and body have not all arrived by then is cut (408)',
  }),
  HEADERS_TIMEOUT_MS: integerSetting({
    // Headers are a few hundred bytes: a caller still sending them after 10 s is trickling.
    default: { doc: '`10000`', of: (earlier) => Math.min(10_000, earlier.number('REQUEST_TIMEOUT_MS')) },
    min: 1,
    max: { doc: '`REQUEST_TIMEOUT_MS`', of: (earlier) => earlier.number('REQUEST_TIMEOUT_MS') },
    meaning: 'the same for the headers alone (at most `REQUEST_TIMEOUT_MS`)',
  }),
  KEEP_ALIVE_TIMEOUT_MS: integerSetting({
    default: 72_000, min: 1, max: 3_600_000,
    meaning: 'an idle keep-alive connection is closed after this (and sooner when the server nears `MAX_CONNECTIONS`)',
  }),
  MAX_CONNECTIONS: integerSetting({
    default: 1000, min: 1, max: 1_000_000,
    meaning: 'open client connections at most; more are refused at once (keep it under the process\'s file limit, `ulimit -n`, minus the upstream sockets)',
  }),
  MAX_CONNECTIONS_PER_ADDRESS: integerSetting({
    // One address (one host, or one NAT) gets a tenth of the slots by default.
    default: { doc: '`MAX_CONNECTIONS` / 10', of: (earlier) => Math.max(1, Math.floor(earlier.number('MAX_CONNECTIONS') / 10)) },
    min: 1,
    max: { doc: '`MAX_CONNECTIONS`', of: (earlier) => earlier.number('MAX_CONNECTIONS') },
    meaning: 'open connections from one client address at most; more are closed at once (trusted proxies excepted)',
  }),
  TRUST_PROXY: customSetting<string[]>({
    docDefault: '— (off)',
    allowed: 'IP addresses, CIDR ranges',
    meaning: 'comma-separated addresses or CIDR ranges of your reverse proxies, e.g. `10.0.0.0/8,127.0.0.1`: their `X-Forwarded-For` names the client '
      + '(`clientAddress` in the request log) and their connections are not capped per address',
    parse: (env) => trustProxy(env),
    fallback: () => [],
  }),
  REDIS_URL: customSetting<string | null>({
    docDefault: '—',
    allowed: '`redis://…`, `rediss://…`',
    meaning: '`redis://[:password@]host:port/db` or `rediss://…` (TLS): share idempotency keys, update locks, APQ and the read cache between replicas '
      + '(see [Running several replicas](#running-several-replicas)); unset = all in memory, for one replica',
    parse: (env) => redisUrl(env),
    fallback: () => null,
  }),
  REDIS_CLUSTER_NODES: customSetting<string[] | null>({
    docDefault: '—',
    allowed: '`host:port`, `redis://…`, `rediss://…`',
    meaning: 'instead of `REDIS_URL`, a Redis Cluster: comma-separated seed nodes `host:port,host:port,…` (the others are found); '
      + 'a node given as `redis://:password@host:port` or `rediss://…` sets the password and TLS for all',
    parse: (env) => redisClusterNodes(env),
    fallback: () => null,
  }),
  STATE_KEY_SECRET: customSetting<string | null>({
    docDefault: '—',
    allowed: '32 characters or more',
    meaning: 'at least 32 characters (`openssl rand -hex 32`), the same on every replica: mixed into the HMAC that names each credential in state keys, '
      + 'so someone who can read Redis\'s key names cannot test a credential against them (see [Running several replicas](#running-several-replicas))',
    parse: (env) => keySecret(env),
    fallback: () => null,
  }),
  APQ_REDIS_MAX_BYTES: integerSetting({
    default: 16 * MiB, min: 64 * KiB, max: GiB,
    meaning: 'bytes of queries (and their hashes) the APQ space on Redis holds at most; past it the registrations that expire soonest go. A query larger than 64 KiB is not kept',
  }),
  REDIS_ALLOW_EVICTION: booleanSetting({
    default: false,
    meaning: '`true` boots on a Redis whose `maxmemory-policy` may evict idempotency keys (logged as an error), instead of refusing to',
  }),
  IDEMPOTENCY_MAX_KEYS: integerSetting({
    default: 10_000, min: 1, max: 10_000_000,
    meaning: 'live idempotency keys kept in memory (without `REDIS_URL`); once full, creates with a new key are `STATE_UNAVAILABLE` until keys reach their 24 h (no key is dropped early)',
  }),
  IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL: integerSetting({
    default: 1000, min: 1, max: 10_000_000,
    meaning: 'live idempotency keys one credential (the server\'s, or one request credential) may hold, in memory and on Redis alike; '
      + 'past it that credential\'s creates with a **new** key are `STATE_UNAVAILABLE`, nothing sent, while every other credential goes on',
  }),
  READ_CACHE_TTL_MS: integerSetting({
    default: 0, min: 0, max: 86_400_000,
    meaning: 'keep finished reads of a client this long (per provider, credential and id) and serve them before any upstream call; `0` = off. '
      + 'On Redis when `REDIS_URL` is set, else in memory',
  }),
  MAX_UPSTREAM_LOOKUPS: integerSetting({
    default: 200, min: 1, max: 100_000,
    meaning: 'upstream lookups one operation may cause: each distinct id asked for by `client` or `clients`, each create/update (a `copyClient`: 3), '
      + 'and each client a list or search can return (`clientList`: its `first`; `findClients`: 20 per provider); `Client.matches` adds one per provider '
      + 'for each client it is asked of (and 20 per provider again for a `matches` inside a match)',
  }),
  MAX_ENTITY_LOOKUPS: integerSetting({
    default: 2000, min: 1, max: 1_000_000,
    meaning: 'distinct representations one `_entities` call (a gateway\'s batch) may look up',
  }),
  MAX_DEPTH: integerSetting({ default: 10, min: 1, max: 1000, meaning: 'shape limits per operation (graphql-armor)' }),
  MAX_ALIASES: integerSetting({ default: 30, min: 0, max: 100_000, meaning: 'aliases per operation (graphql-armor)', sharesRowWith: 'MAX_DEPTH' }),
  MAX_DIRECTIVES: integerSetting({ default: 20, min: 0, max: 100_000, meaning: 'directives per operation (graphql-armor)', sharesRowWith: 'MAX_DEPTH' }),
  MAX_TOKENS: integerSetting({
    default: 2000, min: 10, max: 1_000_000,
    meaning: 'tokens per document (refused while parsing, so huge documents cost nothing)',
  }),
  MAX_COST: integerSetting({ default: 5000, min: 1, max: 10_000_000, meaning: 'graphql-armor\'s field cost estimate per operation' }),
  BODY_LIMIT_BYTES: integerSetting({ default: MiB, min: KiB, max: GiB, meaning: 'request body limit (413 `BODY_TOO_LARGE` beyond)' }),
  MAX_QUERY_BYTES: integerSetting({
    // MAX_TOKENS operation tokens take a few KB; the rest of a larger query can only be
    // comments and blanks, which cost memory and parsing but are no token.
    default: 64 * KiB, min: KiB, max: 64 * MiB,
    meaning: 'query text limit, comments and blanks included (413 `QUERY_TOO_LARGE` beyond, before parsing)',
  }),
  MAX_VARIABLES_DEPTH: integerSetting({
    // This API's deepest input (an address in a create input in a variable) is 3 levels.
    default: 32, min: 1, max: 10_000,
    meaning: 'how deep variables (and extensions) may nest (400 `VARIABLES_TOO_DEEP` beyond)',
  }),
  DOCUMENT_CACHE_BYTES: integerSetting({
    default: 30 * MiB, min: KiB, max: 4 * GiB,
    meaning: 'bytes of parsed documents kept for reuse, each counted with its source text',
  }),
  APQ_CACHE_BYTES: integerSetting({
    default: 30 * MiB, min: KiB, max: 4 * GiB,
    meaning: 'bytes of automatic persisted queries kept in memory (without `REDIS_URL`), least recently used out first',
  }),
  METRICS_MAX_OPERATIONS: integerSetting({
    default: DEFAULT_MAX_OPERATION_LABELS, min: 0, max: 100_000,
    meaning: 'distinct operation names labelled in `graphql_requests_total`; later ones count as `other`',
  }),
  ALLOW_BATCHED_REQUESTS: booleanSetting({ default: false, meaning: '`true` accepts JSON arrays of operations …' }),
  MAX_BATCH_SIZE: integerSetting({ default: 10, min: 1, max: 1000, meaning: '… of at most this many' }),
  CORS_ORIGINS: customSetting<string[]>({
    docDefault: '—',
    allowed: '`scheme://host[:port]`, `*`',
    meaning: 'comma-separated origins allowed by CORS, each `scheme://host[:port]` exactly as the browser sends it (no path, no trailing slash), '
      + 'e.g. `http://localhost:3000,https://app.example.com`; `*` for any; none = no CORS headers. Logged at boot',
    parse: (env) => corsOrigins(env),
    fallback: () => [],
  }),
  PERSISTED_QUERIES_ONLY: booleanSetting({ default: false, meaning: '`true` runs only the documents in `PERSISTED_QUERIES_FILE`' }),
  PERSISTED_QUERIES_FILE: customSetting<string | null>({
    docDefault: '—',
    allowed: 'a file path',
    meaning: 'the persisted-documents JSON (`{ "<hash>": "<document>" }`, as the GraphQL codegen client preset emits it)',
    parse: (env, _name, earlier) => persistedQueriesFile(env, earlier.flag('PERSISTED_QUERIES_ONLY')),
    fallback: () => null,
  }),
  NODE_ENV: customSetting<string | null>({
    docDefault: '—',
    allowed: '`development`, `production`, any',
    meaning: '`development` adds stack traces to error responses; `production` keeps them out of the logs too',
    parse: (env) => env.NODE_ENV || null,
    fallback: () => null,
  }),
} satisfies Record<string, Setting<unknown>>;

/**
 * Timings derived from the call budget (UPSTREAM_BUDGET_MS): each the upstream calls it may take,
 * each within the budget, plus a second. loadConfig computes them once (Config.guards); the
 * manual writes each formula as `doc` says it (a test checks it does).
 */
export const DERIVED_TIMINGS = {
  /** How long an update's lock (and a cache generation) lives: a read, a read by its own id, the write, a re-read. */
  updateMs: { calls: 4, doc: '4 × UPSTREAM_BUDGET_MS + 1 s' },
  /** How long a create under an idempotency key may take before its pending claim lost its owner: a POST and, at Daftra, a read. */
  createMs: { calls: 2, doc: '2 × UPSTREAM_BUDGET_MS + 1 s' },
} as const;

export function derivedTimings(budgetMs: number): { [Name in keyof typeof DERIVED_TIMINGS]: number } {
  return {
    updateMs: DERIVED_TIMINGS.updateMs.calls * budgetMs + 1000,
    createMs: DERIVED_TIMINGS.createMs.calls * budgetMs + 1000,
  };
}

export type SettingName = keyof typeof GENERAL_SETTINGS;

/** Each general setting's value, typed by its declaration. */
export type SettingValues = { [Name in SettingName]: ReturnType<(typeof GENERAL_SETTINGS)[Name]['parse']> };

/**
 * Settings src reads that belong to a library, not to this table: OpenTelemetry's own (read by
 * its SDK; tracing.ts reads these to decide whether to start it), described under Traces in
 * docs/operations.md.
 */
export const LIBRARY_SETTINGS = [
  'OTEL_SDK_DISABLED', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_SERVICE_NAME',
] as const;

/**
 * Every general setting parsed in the table's order; `check` runs each parse, noting a bad one
 * and returning the stand-in, so every bad setting is reported at once.
 */
export function parseSettings(env: Env, demo: boolean, check: <T>(read: () => T, fallback: T) => T): SettingValues {
  const values = new Map<string, unknown>();
  const earlier: Earlier = {
    demo,
    number: (name) => valueOf(name, 'number') as number,
    flag: (name) => valueOf(name, 'boolean') as boolean,
  };
  function valueOf(name: string, type: string): unknown {
    const value = values.get(name);
    // A setting derived from one declared after it: a mistake in the table, not in the environment.
    if (typeof value !== type) throw new Error(`setting ${name} is read before it is parsed (declare it earlier in GENERAL_SETTINGS)`);
    return value;
  }
  for (const [name, setting] of Object.entries(GENERAL_SETTINGS) as Array<[string, Setting<unknown>]>) {
    values.set(name, check(() => setting.parse(env, name, earlier), setting.fallback(earlier)));
  }
  return Object.fromEntries(values) as SettingValues;
}

export type RequestCredentialPolicy = 'off' | 'optional' | 'required';

export function requestCredentialPolicy(env: Env): RequestCredentialPolicy {
  // ALLOW_REQUEST_CREDENTIALS=true is the older spelling of REQUEST_CREDENTIALS=optional.
  const legacy = boolean(env, 'ALLOW_REQUEST_CREDENTIALS', false);
  if (env.REQUEST_CREDENTIALS) return oneOf(env, 'REQUEST_CREDENTIALS', 'off', ['off', 'optional', 'required'] as const);
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

function persistedQueriesFile(env: Env, only: boolean): string | null {
  if (!only) return null;
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

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, not "${raw}"`);
  return raw as T;
}
