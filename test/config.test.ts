import { Provider } from '../src/providers/index.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { byProvider } from './helpers/providers.js';

describe('loadConfig', () => {
  test('no provider setting at all means demo mode on simulators, with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      host: '127.0.0.1', port: 4000, introspection: true, logLevel: 'info', nodeEnv: null,
      upstream: {
        timeoutMs: 5000, budgetMs: 10_000, retries: 2, retryAfterCapMs: 10_000, concurrency: 8, maxSockets: 64, maxBodyBytes: 1024 * 1024,
        breaker: { errorThresholdPercentage: 50, volumeThreshold: 10, resetTimeoutMs: 10_000 }, traceparent: false,
        rateLimits: byProvider(() => null),
      },
      // The update lock outlives four calls' budgets; a create under a key, two.
      guards: { updateMs: 41_000, createMs: 21_000 },
      providers: byProvider(() => null),
      requestCredentialUrls: {
        ...byProvider((module) => module.baseUrlFromEnv({})),
        [Provider.FATORA]: 'https://api.fatora.io/v1',
        [Provider.DAFTRA]: 'https://{subdomain}.daftra.com/api2',
        [Provider.INVISIBLE_COLLECTOR]: 'https://api.invisiblecollector.com',
      },
      requestCredentials: 'off',
      readyzCheckUpstream: false,
      readyzCacheMs: 5000,
      metricsMaxOperations: 100,
      shutdownGraceMs: 10_000,
      http: {
        requestTimeoutMs: 15_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000, maxConnections: 1000, maxConnectionsPerAddress: 100, trustProxy: [],
      },
      state: { redisUrl: null, redisClusterNodes: null, readCacheTtlMs: 0, idempotencyMaxKeys: 10_000, idempotencyMaxKeysPerCredential: 1000, keySecret: null, apqRedisMaxBytes: 16 * 1024 * 1024, redisAllowEviction: false },
      edge: {
        maxDepth: 10, maxAliases: 30, maxDirectives: 20, maxTokens: 2000, maxCost: 5000, maxUpstreamLookups: 200, maxEntityLookups: 2000,
        bodyLimitBytes: 1_048_576, maxQueryBytes: 65_536, maxVariablesDepth: 32, documentCacheBytes: 31_457_280, apqCacheBytes: 31_457_280,
        allowBatchedRequests: false, maxBatchSize: 10, corsOrigins: [], persistedQueriesFile: null,
      },
      demo: true,
    });
  });

  test('each credential configures its provider with the documented default URL and header', () => {
    const config = loadConfig({
      FATORA_API_TOKEN: 'f-token', DAFTRA_API_KEY: 'd-key', DAFTRA_SUBDOMAIN: 'acme', INVISIBLE_COLLECTOR_API_TOKEN: 'ic-token',
    });
    expect(config.demo).toBe(false);
    expect(config.providers).toEqual({
      ...byProvider(() => null),
      [Provider.FATORA]: { baseUrl: 'https://api.fatora.io/v1', headers: { authorization: 'Bearer f-token' } },
      [Provider.DAFTRA]: { baseUrl: 'https://acme.daftra.com/api2', headers: { apikey: 'd-key' } },
      [Provider.INVISIBLE_COLLECTOR]: { baseUrl: 'https://api.invisiblecollector.com', headers: { authorization: 'Bearer ic-token' } },
    });
  });

  test('a Fatora API key wins over a fixed token (its tokens renew themselves)', () => {
    const config = loadConfig({ FATORA_API_KEY: 'k', FATORA_API_TOKEN: 't' });
    expect(config.providers[Provider.FATORA]).toEqual({ baseUrl: 'https://api.fatora.io/v1', headers: {}, apiKey: 'k' });
  });

  test('a Daftra URL may hold {subdomain}, filled from DAFTRA_SUBDOMAIN', () => {
    const config = loadConfig({ DAFTRA_API_TOKEN: 't', DAFTRA_API_URL: 'https://{subdomain}.daftra.test/api2', DAFTRA_SUBDOMAIN: 'acme' });
    expect(config.providers[Provider.DAFTRA]!.baseUrl).toBe('https://acme.daftra.test/api2');
  });

  test('a Daftra token wins over its deprecated apikey; an explicit URL wins over the subdomain', () => {
    const config = loadConfig({ DAFTRA_API_TOKEN: 't', DAFTRA_API_KEY: 'k', DAFTRA_API_URL: 'http://127.0.0.1:9/api2/' });
    expect(config.providers[Provider.DAFTRA]).toEqual({ baseUrl: 'http://127.0.0.1:9/api2', headers: { authorization: 'Bearer t' } });
  });

  test('a multi-tenant host (ALLOW_REQUEST_CREDENTIALS) is never in demo mode', () => {
    expect(loadConfig({ ALLOW_REQUEST_CREDENTIALS: 'true', NODE_ENV: 'production' }).demo).toBe(false);
  });

  test.each([
    ['http://localhost:3000', ['http://localhost:3000']],
    ['https://app.example.com,http://127.0.0.1:8080', ['https://app.example.com', 'http://127.0.0.1:8080']],
    ['http://[::1]:3000', ['http://[::1]:3000']],
    ['*', ['*']],
    ['', []],
  ])('CORS_ORIGINS=%j is accepted as origins %j', (value, origins) => {
    expect(loadConfig({ CORS_ORIGINS: value }).edge.corsOrigins).toEqual(origins);
  });

  test.each([
    [{}, 'off'],
    [{ ALLOW_REQUEST_CREDENTIALS: 'true' }, 'optional'],
    [{ ALLOW_REQUEST_CREDENTIALS: 'false' }, 'off'],
    [{ REQUEST_CREDENTIALS: 'required' }, 'required'],
    [{ REQUEST_CREDENTIALS: 'off', ALLOW_REQUEST_CREDENTIALS: 'true' }, 'off'],
  ])('request credential policy from %j is %s (ALLOW_REQUEST_CREDENTIALS=true means optional)', (env, policy) => {
    expect(loadConfig(env).requestCredentials).toBe(policy);
  });

  test('demo mode listens on loopback unless HOST says otherwise; a configured service on every interface', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ FATORA_API_TOKEN: 't' }).host).toBe('0.0.0.0');
  });

  test('a provider setting without a credential leaves it unconfigured, but not in demo mode', () => {
    const config = loadConfig({ FATORA_API_URL: 'https://fatora.test/v1' });
    expect(config.demo).toBe(false);
    expect(config.providers[Provider.FATORA]).toBeNull();
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, not "eighty"'],
    [{ UPSTREAM_CONCURRENCY: '0' }, 'UPSTREAM_CONCURRENCY must be a whole number from 1 to 1024, not "0"'],
    [{ UPSTREAM_MAX_BODY_BYTES: '1MB' }, 'UPSTREAM_MAX_BODY_BYTES must be a whole number from 1024 to 1073741824, not "1MB"'],
    [{ GRAPHQL_INTROSPECTION: 'maybe' }, 'GRAPHQL_INTROSPECTION must be true or false, not "maybe"'],
    [{ UPSTREAM_TIMEOUT_MS: '1000', UPSTREAM_BUDGET_MS: '500' }, 'UPSTREAM_BUDGET_MS must be a whole number from 1000 to 3600000, not "500"'],
    [{ NODE_ENV: 'production' }, 'NODE_ENV is production but no provider is configured'],
    [{ PERSISTED_QUERIES_ONLY: 'true' }, 'PERSISTED_QUERIES_FILE must be set when PERSISTED_QUERIES_ONLY=true'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"'],
    [{ REDIS_URL: 'http://:secret@127.0.0.1:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0'],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:6379,10.0.0.2' }, 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port (or redis:// / rediss:// URLs), e.g. 10.0.0.1:6379,10.0.0.2:6379'],
    [{ REDIS_CLUSTER_NODES: '10.0.0.1:6379', REDIS_URL: 'redis://127.0.0.1' }, 'REDIS_CLUSTER_NODES and REDIS_URL are both set: set one (REDIS_CLUSTER_NODES for a Redis Cluster)'],
    [{ STATE_KEY_SECRET: 'short-secret' }, 'STATE_KEY_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)'],
    [{ READ_CACHE_TTL_MS: '-1' }, 'READ_CACHE_TTL_MS must be a whole number from 0 to 86400000, not "-1"'],
    [{ FATORA_API_TOKEN: 't', FATORA_API_URL: 'fatora.io' }, 'FATORA_API_URL is not a URL: "fatora.io"'],
    [{ INVISIBLE_COLLECTOR_API_TOKEN: 't', INVISIBLE_COLLECTOR_API_URL: 'ftp://x' }, 'INVISIBLE_COLLECTOR_API_URL must be an http or https URL, not "ftp:"'],
    [{ DAFTRA_API_TOKEN: 't' }, 'DAFTRA_SUBDOMAIN must be set when a Daftra credential (DAFTRA_API_TOKEN or DAFTRA_API_KEY) is: your account\'s subdomain, for https://{subdomain}.daftra.com/api2 (or set DAFTRA_API_URL to your account\'s full API URL)'],
    [{ DAFTRA_API_TOKEN: 't', DAFTRA_SUBDOMAIN: 'evil.com/x' }, 'DAFTRA_SUBDOMAIN must be a subdomain label like "mycompany", not "evil.com/x"'],
    [{ CORS_ORIGINS: 'http://127.0.0.1:3000/' }, 'CORS_ORIGINS holds "http://127.0.0.1:3000/", which is not an origin: write scheme://host[:port]'],
    [{ CORS_ORIGINS: '127.0.0.1:3000' }, 'CORS_ORIGINS holds "127.0.0.1:3000", which is not an origin'],
    [{ CORS_ORIGINS: 'https://app.example.com, https://app.example.com/path' }, 'CORS_ORIGINS holds "https://app.example.com/path"'],
    [{ REQUEST_CREDENTIALS: 'sometimes' }, 'REQUEST_CREDENTIALS must be one of off, optional, required, not "sometimes"'],
    [{ HEADERS_TIMEOUT_MS: '20000' }, 'HEADERS_TIMEOUT_MS must be a whole number from 1 to 15000, not "20000"'],
    [{ MAX_CONNECTIONS: '50', MAX_CONNECTIONS_PER_ADDRESS: '51' }, 'MAX_CONNECTIONS_PER_ADDRESS must be a whole number from 1 to 50, not "51"'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY holds "proxy.internal", which is not an IP address or CIDR range'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY holds "10.0.0.0/33"'],
    [{ MAX_QUERY_BYTES: '100' }, 'MAX_QUERY_BYTES must be a whole number from 1024 to 67108864, not "100"'],
  ])('%j fails at boot naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

test('several bad settings are reported together, one line each, in one ConfigError', () => {
  const env = { PORT: 'eighty', UPSTREAM_RETRIES: '99', FATORA_API_TOKEN: 't', FATORA_API_URL: 'fatora.io', MAX_DEPTH: '0' };
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow([
    'FATORA_API_URL is not a URL: "fatora.io"',
    'PORT must be a whole number from 0 to 65535, not "eighty"',
    'UPSTREAM_RETRIES must be a whole number from 0 to 10, not "99"',
    'MAX_DEPTH must be a whole number from 1 to 1000, not "0"',
  ].join('\n'));
});

test('TRUST_PROXY takes addresses and CIDR ranges, IPv4 and IPv6; MAX_CONNECTIONS_PER_ADDRESS is a tenth of MAX_CONNECTIONS by default', () => {
  const config = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8', MAX_CONNECTIONS: '200' });
  expect(config.http).toMatchObject({ trustProxy: ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8'], maxConnections: 200, maxConnectionsPerAddress: 20 });
});
