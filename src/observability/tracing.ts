import {
  context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer,
} from '@opentelemetry/api';

/**
 * OpenTelemetry traces, configured by the standard OTEL_* variables and off unless they ask
 * for them. Off, the SDK is never loaded and every helper here returns at its first line (one
 * boolean read); the API package alone is a no-op.
 *
 * Spans are made by hand at the few places that matter (the operation, each upstream attempt,
 * each loader batch, each Redis command) rather than by auto-instrumentation of node:http and
 * ioredis: got's stream call would show as a bare http span with the full URL (a tenant's
 * subdomain, a client id in the path), while here a span carries the provider and the route
 * template and never an id, a credential or a body.
 */

let tracer: Tracer = trace.getTracer('clients-graph');
let on = false;

/** The tracer of the SDK started last (a no-op one before). */
export function currentTracer(): Tracer {
  return tracer;
}

/** Whether spans are being recorded: callers skip all tracing work when not. */
export function tracingOn(): boolean {
  return on;
}

type Env = Record<string, string | undefined>;

/**
 * Whether the environment asks for traces: OTEL_TRACES_EXPORTER naming an exporter (not
 * `none`), or an OTLP endpoint; never with OTEL_SDK_DISABLED=true.
 */
export function wantsTracing(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim()).filter(Boolean);
  if (exporters?.length) return exporters.some((name) => name !== 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  /** Sends the spans still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts the SDK when the environment asks for traces (null otherwise). The SDK reads the
 * rest itself: OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf, http/json, grpc), endpoints and
 * headers, OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_PROPAGATORS (W3C trace context by default),
 * OTEL_RESOURCE_ATTRIBUTES. Traces only: metrics are /metrics (Prometheus), logs are stdout.
 */
export async function startTracing(env: Env = process.env): Promise<Tracing | null> {
  if (!wantsTracing(env)) return null;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, when set, names the service (the SDK's env detector reads it).
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'clients-graph' }),
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  tracer = trace.getTracer('clients-graph');
  on = true;
  return {
    async shutdown() {
      on = false;
      await sdk.shutdown();
      // Unregistered too, so that the API is a no-op again (and a later start can register).
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Where a loader batch counts the upstream calls made under it. */
const BATCH_CALLS = createContextKey('clients-graph batch calls');

/**
 * Runs a loader batch under a span of its own: how many ids it asked for and how many
 * upstream calls it made (the rest were joined to reads in flight, answered by a list or by
 * the read cache).
 */
export function tracedBatch<T>(provider: string, ids: number, run: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan('dataloader batch', { attributes: { 'clients_graph.provider': provider, 'clients_graph.batch.ids': ids } });
  const counter = { calls: 0 };
  const inside = trace.setSpan(context.active(), span).setValue(BATCH_CALLS, counter);
  return context.with(inside, run).finally(() => {
    span.setAttribute('clients_graph.batch.calls', counter.calls);
    span.end();
  });
}

/** One upstream call begins (counted by the batch it runs under, if any). */
export function countUpstreamCall(): void {
  const counter = context.active().getValue(BATCH_CALLS) as { calls: number } | undefined;
  if (counter) counter.calls += 1;
}

/** A CLIENT span for one attempt of an upstream call: provider, method, route template, attempt. */
export function startUpstreamSpan(provider: string, method: string, route: string, attempt: number): Span {
  return tracer.startSpan(`${method} ${route}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'clients_graph.provider': provider,
      'http.request.method': method,
      'url.template': route,
      'clients_graph.attempt': attempt,
      // OpenTelemetry's name for "this is a retry": the attempts before this one.
      'http.request.resend_count': attempt - 1,
    },
  });
}

/**
 * Ends an attempt's span with its status (or its failure's kind: "timeout", "ECONNRESET") and
 * whether another attempt follows. Never the provider's text: it may carry anything.
 */
export function endUpstreamSpan(span: Span, outcome: { status?: number; failure?: string; retry: boolean }): void {
  const attributes: Attributes = { 'clients_graph.retry': outcome.retry };
  if (outcome.status !== undefined) attributes['http.response.status_code'] = outcome.status;
  if (outcome.failure !== undefined) attributes['error.type'] = outcome.failure;
  else if (outcome.status !== undefined && outcome.status >= 400) attributes['error.type'] = String(outcome.status);
  span.setAttributes(attributes);
  if (attributes['error.type'] !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** The attempt's trace context as W3C headers (`traceparent`), for providers that take them. */
export function injectTraceContext(span: Span, headers: Record<string, string>): void {
  propagation.inject(trace.setSpan(context.active(), span), headers);
}

/** A CLIENT span around one Redis command: its name only, never a key or a value. */
export function tracedRedisCommand<T>(name: string, run: () => Promise<T>): Promise<T> {
  const operation = name.toUpperCase();
  const span = tracer.startSpan(operation, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'redis', 'db.operation.name': operation },
  });
  return run().then((value) => {
    span.end();
    return value;
  }, (error: unknown) => {
    span.setAttribute('error.type', error instanceof Error ? error.name : 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    throw error;
  });
}

/** The current span's ids for a log line ({} when tracing is off). */
export function traceIds(): { trace_id?: string; span_id?: string } {
  if (!on) return {};
  const current = trace.getActiveSpan()?.spanContext();
  return current ? { trace_id: current.traceId, span_id: current.spanId } : {};
}
