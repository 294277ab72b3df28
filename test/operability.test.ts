import { Provider, providerModules } from '../src/providers/index.js';
import { createLogger } from '../src/observability/logger.js';
import { redactPaths } from '../src/observability/redaction.js';
import { notConfiguredExcept } from './helpers/providers.js';
import { gate } from '../src/providers/simulator-kit.js';
import { startService, until, type TestService } from './helpers/service.js';

const base = (service: TestService) => service.url.replace(/\/graphql$/, '');

describe('logs', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService({ env: { LOG_LEVEL: 'debug', ALLOW_REQUEST_CREDENTIALS: 'true' } }); });
  afterAll(() => service.close());

  test('one line per GraphQL request, with the request id echoed and forwarded upstream', async () => {
    service.resetCalls();
    const response = await service.gql(
      'query Pair { a: client(id: "fatora:1024") { name } b: client(id: "daftra:999999") { name } c: client(id: "nope:1") { id } }',
      undefined, { 'x-request-id': 'req-42' },
    );
    expect(response.headers.get('x-request-id')).toBe('req-42');
    expect(service.fatora.calls[0]!.requestId).toBe('req-42');
    expect(service.daftra.calls[0]!.requestId).toBe('req-42');
    const lines = service.logs.filter((line) => line.requestId === 'req-42');
    const requestLines = lines.filter((line) => line.msg === 'graphql request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ level: 30, operationName: 'Pair', upstreamCalls: 2, errorCodes: ['BAD_USER_INPUT'] });
    expect(typeof requestLines[0]!.durationMs).toBe('number');
    const upstream = lines.filter((line) => line.msg === 'upstream call');
    expect(upstream.map(({ provider, method, route, status, attempts }) => ({ provider, method, route, status, attempts })).sort((x, y) => x.provider.localeCompare(y.provider)))
      .toEqual([
        { provider: 'daftra', method: 'GET', route: 'clients/:id', status: '404', attempts: 1 },
        { provider: 'fatora', method: 'GET', route: 'clients/:id', status: '200', attempts: 1 },
      ]);
    expect(upstream.every((line) => line.level === 20 && typeof line.durationMs === 'number')).toBe(true);
  });

  test('a request without an id (or with an unusable one) gets a generated one', async () => {
    const plain = await service.gql('{ providers { provider } }');
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const unusable of ['has spaces "and quotes"', 'x'.repeat(200)]) {
      const forged = await service.gql('{ providers { provider } }', undefined, { 'x-request-id': unusable });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('no credential ever reaches the log', async () => {
    const secrets = ['tenant-secret-one', ...Object.values(service.sims).flatMap((sim) => Object.values(sim.settings.headers))]
      .map((value) => value.replace(/^Bearer /, ''));
    service.fatora.inject({ status: 401, body: { status: 'ERROR', error: 'Unauthorized' } });
    service.ic.inject({ status: 500, body: 'oops', times: 3 });
    await service.gql('{ a: client(id: "fatora:1024") { name } b: client(id: "invisible-collector:345") { name } }');
    await service.gql('{ client(id: "daftra:512") { name } }', undefined, {
      'x-daftra-token': 'tenant-secret-one', authorization: 'Bearer tenant-secret-one',
    });
    await service.gql('{ client(id: "daftra:512") { name } }', undefined, { 'x-daftra-token': 'tenant-secret-one', 'x-daftra-subdomain': 'x' });
    const text = service.logText();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  test('the logger redacts credential headers even if something logs them', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => { lines.push(line); } }, { stacks: true, redact: redactPaths(providerModules) });
    logger.info({ req: { headers: { authorization: 'Bearer abc', 'x-fatora-token': 'def', accept: 'json' } } }, 'oops');
    logger.info({ err: { options: { headers: { apikey: 'ghi' } } } }, 'oops');
    expect(lines.join('')).not.toMatch(/abc|def|ghi/);
    expect(JSON.parse(lines[0]!).req.headers).toEqual({ authorization: '[redacted]', 'x-fatora-token': '[redacted]', accept: 'json' });
  });
});

describe('health and metrics', () => {
  let service: TestService;
  beforeAll(async () => { service = await startService(); });
  afterAll(() => service.close());

  test('/healthz and /readyz', async () => {
    const health = await fetch(`${base(service)}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${base(service)}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  test('/readyz with READYZ_CHECK_UPSTREAM=true reports each configured provider', async () => {
    const checked = await startService({
      env: { READYZ_CHECK_UPSTREAM: 'true' },
      // Fatora reachable, Daftra not, every other provider not configured (so not checked).
      providers: { ...notConfiguredExcept(Provider.FATORA, Provider.DAFTRA), [Provider.DAFTRA]: { baseUrl: 'http://127.0.0.1:1/api2', headers: {} } },
    });
    try {
      const response = await fetch(`${base(checked)}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unready', providers: { fatora: 'reachable', daftra: 'unreachable' } });
    } finally {
      await checked.close();
    }
  });

  test('/readyz upstream checks: 40 anonymous probes, 20 at once, cost one call per provider in READYZ_CACHE_MS', async () => {
    const checked = await startService({ env: { READYZ_CHECK_UPSTREAM: 'true', READYZ_CACHE_MS: '600000' } });
    const uncached = await startService({ env: { READYZ_CHECK_UPSTREAM: 'true', READYZ_CACHE_MS: '0' } });
    try {
      const probe = async (service: TestService) => (await fetch(`${base(service)}/readyz`)).json();
      const calls = (service: TestService) => Object.values(service.sims).map((sim) => sim.calls.length);
      // Fatora's answer is held until the first check is under way: probes meanwhile join it.
      const release = gate();
      checked.fatora.inject({ hold: release.promise });
      const together = Array.from({ length: 20 }, () => probe(checked));
      await until(() => checked.fatora.calls.length === 1);
      release.open();
      const ready = { status: 'ready', providers: { fatora: 'reachable', daftra: 'reachable', 'invisible-collector': 'reachable' } };
      expect(await Promise.all(together)).toEqual(Array(20).fill(ready));
      for (let i = 0; i < 20; i += 1) expect(await probe(checked)).toEqual(ready);
      expect(calls(checked)).toEqual([1, 1, 1]);
      // READYZ_CACHE_MS=0: each probe checks again.
      await probe(uncached);
      await probe(uncached);
      expect(calls(uncached)).toEqual([2, 2, 2]);
    } finally {
      await checked.close();
      await uncached.close();
    }
  });

  test('/metrics in Prometheus format', async () => {
    await service.gql('query Probe { a: client(id: "fatora:1024") { name } b: clients(ids: ["daftra:512", "daftra:513"]) { name } }');
    await service.gql('query Broken { client(id: "x") { id } }');
    const response = await fetch(`${base(service)}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('graphql_requests_total{operation="Probe",outcome="success"} 1');
    expect(text).toContain('graphql_requests_total{operation="Broken",outcome="error"} 1');
    expect(text).toContain('upstream_requests_total{provider="fatora",operation="GET clients/:id",status="200"} 1');
    expect(text).toContain('upstream_requests_total{provider="daftra",operation="GET clients/:id",status="200"} 2');
    expect(text).toContain('upstream_request_duration_seconds_count{provider="daftra",operation="GET clients/:id"} 2');
    expect(text).toContain('dataloader_batch_size_bucket{le="2",provider="daftra"} 1');
    expect(text).toContain('dataloader_batch_size_bucket{le="1",provider="daftra"} 0');
    expect(text).toContain('circuit_state{provider="fatora"} 0');
    expect(text).toContain('process_resident_memory_bytes');
  });
});
