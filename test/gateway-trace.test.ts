import { useOpenTelemetry } from '@graphql-hive/plugin-opentelemetry';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { startTracing, type Tracing } from '../src/observability/tracing.js';
import { DAFTRA_SIMULATOR_TOKEN } from '../src/providers/daftra/simulator.js';
import { FATORA_SIMULATOR_TOKEN } from '../src/providers/fatora/simulator.js';
import { CLIENT, SERVER, startReceiver, type Receiver } from './helpers/otlp-receiver.js';
import { postGraphQL, startService, type TestService } from './helpers/service.js';
import { startHiveGateway, type HiveGateway } from './helpers/hive-gateway.js';

// One trace across Hive Gateway and this subgraph, as an operator sees it in their collector:
// the gateway traced by its own OpenTelemetry plugin (its tracer is named "gateway"), the
// subgraph by its OTEL_* settings (tracer "clients-graph"), exported over OTLP to a receiver
// on loopback. Both run in this process, so they share the one SDK started from OTEL_* (the
// plugin's `traces.tracer` option, which would give the gateway a provider of its own, is
// ignored by plugin 1.5.3: it reads the option before storing it). What ties the subgraph's
// spans to the gateway's is still only the `traceparent` header the gateway sends on its real
// HTTP fetch: the subgraph starts its span from the incoming headers alone (request-trace.ts).

const CALLER_TOKEN = 'caller-secret-7f3a9c';
const OTEL_NAMES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_BSP_SCHEDULE_DELAY'];

let receiver: Receiver;
let tracing: Tracing | null;
let service: TestService;
let hive: HiveGateway | undefined;

beforeAll(async () => {
  receiver = await startReceiver();
  Object.assign(process.env, {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    // Spans go out within 20 ms of their end (the test polls the receiver for them).
    OTEL_BSP_SCHEDULE_DELAY: '20',
  });
  tracing = await startTracing();
  service = await startService();

  const sdl = (await service.gql('query Sdl { _service { sdl } }')).body.data._service.sdl as string;
  const composed = composeServices([{ name: 'clients', url: service.url, typeDefs: parse(sdl) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  hive = await startHiveGateway({
    supergraph: composed.supergraphSdl,
    logging: false,
    plugins: (context) => [useOpenTelemetry({ ...context, traces: true })],
  });
});

afterAll(async () => {
  await hive?.close();
  await service?.close();
  await tracing?.shutdown();
  for (const name of OTEL_NAMES) delete process.env[name];
  await receiver?.close();
});

/** Polls the receiver until `condition` holds, for at most 10 s, then names what did arrive. */
async function arrived(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`spans received: ${JSON.stringify(receiver.spans.map((span) => [span.scope, span.kind, span.name, span.traceId, span.spanId, span.parentSpanId]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('Hive Gateway with its OpenTelemetry plugin and this subgraph produce one trace: the subgraph\'s operation is a child of the gateway\'s fetch', async () => {
  // The caller's own credential rides along, as an app's would: it must not land in a span either.
  const { body } = await postGraphQL(hive!.url, 'query One { client(id: "fatora:1024") { name } }', undefined, { authorization: `Bearer ${CALLER_TOKEN}` });
  expect(body).toEqual({ data: { client: { name: 'Client Name' } } });

  // The gateway's HTTP span is the root of the request's trace (the caller sent no traceparent).
  await arrived(() => receiver.spans.some((span) => span.scope === 'gateway' && span.kind === SERVER));
  const root = receiver.spans.find((span) => span.scope === 'gateway' && span.kind === SERVER)!;
  expect([root.name, root.parentSpanId]).toEqual(['POST /graphql', '']);
  // The subgraph's three spans (its operation, the loader batch, the call to Fatora) end before
  // the gateway's root does, but are exported by their own batch: wait for them too.
  const subgraph = () => receiver.spans.filter((span) => span.scope === 'clients-graph' && span.name !== 'query Sdl');
  await arrived(() => subgraph().length === 3);

  // Every span of the request, the gateway's and the subgraph's, is in that one trace (the others
  // are the gateway's start-up and the test's schema query).
  const startup = new Set(['gateway.initialization', 'gateway.schema', 'query Sdl']);
  const request = receiver.spans.filter((span) => !startup.has(span.name));
  expect(new Set(request.map((span) => span.traceId))).toEqual(new Set([root.traceId]));
  expect(subgraph().map((span) => span.name).sort()).toEqual(['GET clients/:id', 'dataloader batch', 'query One']);
  expect(request.filter((span) => span.scope === 'gateway').length).toBeGreaterThanOrEqual(5);
  // The subgraph's operation continues the gateway's fetch to it: the traceparent the gateway sent.
  const operation = subgraph().find((span) => span.kind === SERVER)!;
  const fetch = receiver.spans.find((span) => span.spanId === operation.parentSpanId)!;
  expect([fetch.scope, fetch.kind, fetch.name, fetch.traceId]).toEqual(['gateway', CLIENT, 'http.fetch', root.traceId]);
  // ... made under the gateway's execution of the "clients" subgraph.
  const execution = receiver.spans.find((span) => span.spanId === fetch.parentSpanId)!;
  expect([execution.scope, execution.name, execution.traceId]).toEqual(['gateway', 'subgraph.execute (clients)', root.traceId]);

  // No span attribute, on either side, holds a credential.
  const values = JSON.stringify(receiver.spans.map((span) => span.attributes));
  for (const secret of [CALLER_TOKEN, FATORA_SIMULATOR_TOKEN, DAFTRA_SIMULATOR_TOKEN]) expect(values).not.toContain(secret);
});
