import { startTracing, wantsTracing, type Tracing } from '../src/observability/tracing.js';
import { FATORA_SIMULATOR_TOKEN } from '../src/providers/fatora/simulator.js';
import { DAFTRA_SIMULATOR_TOKEN } from '../src/providers/daftra/simulator.js';
import { CLIENT, SERVER, startReceiver, type Receiver, type ReceivedSpan } from './helpers/otlp-receiver.js';
import { describeWithRedis } from './helpers/redis.js';
import { startService, type TestService } from './helpers/service.js';

// Spans exported over OTLP by the real SDK, from the real service, to a receiver on loopback
// (a plain HTTP server standing in for a collector), then decoded as a collector would.

const byProvider = (a: ReceivedSpan, b: ReceivedSpan) =>
  String(a.attributes['clients_graph.provider']).localeCompare(String(b.attributes['clients_graph.provider']));

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;
const OTEL_NAMES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_BSP_SCHEDULE_DELAY'];

let receiver: Receiver;
let tracing: Tracing | null = null;
let service: TestService | null = null;

beforeEach(async () => { receiver = await startReceiver(); });
afterEach(async () => {
  await service?.close();
  await tracing?.shutdown();
  service = null;
  tracing = null;
  for (const name of OTEL_NAMES) delete process.env[name];
  await receiver.close();
});

/** The SDK started from OTEL_* settings pointing at the receiver, then the service. */
async function tracedService(protocol: string, env: Record<string, string> = {}): Promise<TestService> {
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
  tracing = await startTracing();
  expect(tracing).not.toBeNull();
  service = await startService({ env });
  return service;
}

/** Ends the service and the SDK: every buffered span is exported on shutdown. */
async function exported(): Promise<ReceivedSpan[]> {
  await service!.close();
  service = null;
  await tracing!.shutdown();
  tracing = null;
  return receiver.spans;
}

describe.each([
  ['http/json', 'application/json'],
  ['http/protobuf', 'application/x-protobuf'],
])('OTLP %s', (protocol, contentType) => {
  test('the spans of one request arrive under the caller\'s trace: the operation, a batch per provider, a CLIENT span per upstream call', async () => {
    const running = await tracedService(protocol);
    // Only the GraphQL route has spans: a probe of /healthz, with the caller's traceparent, has none.
    expect((await fetch(new URL('/healthz', running.url), { headers: { traceparent: TRACEPARENT } })).status).toBe(200);
    const response = await running.gql(
      'query Three { a: client(id: "fatora:1024") { name } b: client(id: "fatora:1025") { name } c: client(id: "daftra:512") { name } }',
      undefined, { traceparent: TRACEPARENT },
    );
    expect(response.body).toEqual({ data: { a: { name: 'Client Name' }, b: { name: 'Nour Trading' }, c: { name: 'John Smith' } } });
    const line = running.logs.find((entry) => entry.msg === 'graphql request')!;
    const spans = await exported();
    expect([...receiver.contentTypes]).toEqual([contentType]);

    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([CALLER_TRACE_ID]));
    const operation = spans.filter((span) => span.kind === SERVER);
    expect(operation.map((span) => [span.name, span.parentSpanId, span.attributes])).toEqual([['query Three', CALLER_SPAN_ID, {
      'http.request.method': 'POST', 'http.route': '/graphql', 'graphql.operation.type': 'query', 'graphql.operation.name': 'Three',
      'http.response.status_code': 200,
    }]]);
    const operationId = operation[0]!.spanId;
    // The request's log line names its trace and span.
    expect([line.trace_id, line.span_id]).toEqual([CALLER_TRACE_ID, operationId]);

    const batches = spans.filter((span) => span.name === 'dataloader batch');
    expect(batches.sort(byProvider).map((span) => [span.parentSpanId, span.attributes])).toEqual([
      [operationId, { 'clients_graph.provider': 'daftra', 'clients_graph.batch.ids': 1, 'clients_graph.batch.calls': 1 }],
      [operationId, { 'clients_graph.provider': 'fatora', 'clients_graph.batch.ids': 2, 'clients_graph.batch.calls': 2 }],
    ]);
    const batchOf = Object.fromEntries(batches.map((span) => [span.attributes['clients_graph.provider'], span.spanId]));
    const calls = spans.filter((span) => span.kind === CLIENT);
    expect(calls.sort(byProvider).map((span) => [span.name, span.parentSpanId, span.attributes])).toEqual([
      ['GET clients/:id', batchOf.daftra, {
        'clients_graph.provider': 'daftra', 'http.request.method': 'GET', 'url.template': 'clients/:id', 'clients_graph.attempt': 1,
        'http.request.resend_count': 0, 'clients_graph.retry': false, 'http.response.status_code': 200,
      }],
      ...[1, 2].map(() => ['GET clients/:id', batchOf.fatora, {
        'clients_graph.provider': 'fatora', 'http.request.method': 'GET', 'url.template': 'clients/:id', 'clients_graph.attempt': 1,
        'http.request.resend_count': 0, 'clients_graph.retry': false, 'http.response.status_code': 200,
      }]),
    ]);
    expect(spans).toHaveLength(1 + 2 + 3);

    // No span attribute holds a credential, an id or a body.
    const values = JSON.stringify(spans.map((span) => span.attributes));
    for (const secret of [FATORA_SIMULATOR_TOKEN, DAFTRA_SIMULATOR_TOKEN, '1024', '1025', '512', 'Client Name']) expect(values).not.toContain(secret);
    // The providers were not sent the trace context (UPSTREAM_TRACEPARENT is off by default).
    expect([...running.fatora.calls, ...running.daftra.calls].map((call) => call.traceparent)).toEqual([undefined, undefined, undefined]);
  }, 30_000);
});

test('a retried call is one CLIENT span per attempt (attempt, retry, status), and with UPSTREAM_TRACEPARENT=true each attempt sends its own traceparent', async () => {
  const running = await tracedService('http/json', { UPSTREAM_TRACEPARENT: 'true' });
  running.fatora.inject({ method: 'GET', status: 503 });
  const response = await running.gql('{ client(id: "fatora:1024") { name } }', undefined, { traceparent: TRACEPARENT });
  expect(response.body).toEqual({ data: { client: { name: 'Client Name' } } });
  const sent = running.fatora.calls.map((call) => call.traceparent);
  const spans = await exported();
  const attempts = spans.filter((span) => span.kind === CLIENT).sort((a, b) => Number(a.attributes['clients_graph.attempt']) - Number(b.attributes['clients_graph.attempt']));
  expect(attempts.map((span) => [
    span.attributes['clients_graph.attempt'], span.attributes['http.request.resend_count'], span.attributes['clients_graph.retry'],
    span.attributes['http.response.status_code'], span.attributes['error.type'],
  ])).toEqual([[1, 0, true, 503, '503'], [2, 1, false, 200, undefined]]);
  expect(sent).toEqual(attempts.map((span) => `00-${CALLER_TRACE_ID}-${span.spanId}-01`));
}, 30_000);

test('with no OTEL_* setting no SDK starts: nothing is loaded, no span, no trace ids in the log', async () => {
  expect(await startTracing({})).toBeNull();
  service = await startService();
  await service.gql('{ client(id: "fatora:1024") { name } }', undefined, { traceparent: TRACEPARENT });
  const line = service.logs.find((entry) => entry.msg === 'graphql request')!;
  expect(Object.keys(line)).not.toContain('trace_id');
  expect(service.fatora.calls.map((call) => call.traceparent)).toEqual([undefined]);
  expect(receiver.spans).toEqual([]);
});

test.each([
  [{}, false],
  [{ OTEL_SERVICE_NAME: 'clients' }, false],
  [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
  [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
  [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
  [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
  [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }, false],
])('OTEL settings %j: tracing %s', (env, on) => {
  expect(wantsTracing(env)).toBe(on);
});

await describeWithRedis(14, 'Redis commands in the trace', (redisUrl) => {
  test('each Redis command of a request is a CLIENT span under its operation: the command\'s name only, never a key', async () => {
    const running = await tracedService('http/json', { REDIS_URL: redisUrl, READ_CACHE_TTL_MS: '60000' });
    expect((await running.gql('{ client(id: "fatora:1024") { name } }', undefined, { traceparent: TRACEPARENT })).body)
      .toEqual({ data: { client: { name: 'Client Name' } } });
    const spans = await exported();
    const operation = spans.find((span) => span.kind === SERVER)!;
    // (The shutdown's QUIT belongs to no request: a trace of its own.)
    const redis = spans.filter((span) => span.attributes['db.system.name'] === 'redis' && span.traceId === CALLER_TRACE_ID);
    // The read cache's lookup (one MGET of the entry and its generation: redis-read-cache.ts), then its store.
    expect(redis.map((span) => span.name)).toEqual(['MGET', 'EVAL']);
    for (const span of redis) {
      expect(span.kind).toBe(CLIENT);
      expect(span.attributes).toEqual({ 'db.system.name': 'redis', 'db.operation.name': span.name });
    }
    const batch = spans.find((span) => span.name === 'dataloader batch')!;
    expect(batch.parentSpanId).toBe(operation.spanId);
    expect(new Set(redis.map((span) => span.parentSpanId))).toEqual(new Set([batch.spanId]));
    expect(JSON.stringify(redis)).not.toContain('1024');
  }, 30_000);
});
