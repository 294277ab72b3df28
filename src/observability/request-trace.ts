import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context as TraceContext, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isPlainName } from './operation-label.js';
import { currentTracer } from './tracing.js';

/** Where a request keeps its SERVER span and the context it is current in (null: none, or ended). */
const TRACE = Symbol('clients-graph request trace');
type Traced = FastifyRequest & { [TRACE]: { span: Span; current: TraceContext } | null };

/**
 * The SERVER span of each request to the GraphQL endpoint, continuing the caller's trace
 * (its `traceparent`: a gateway's subgraph fetch) and named after the operation once it is
 * known ("query Clients"). Registered only when tracing is on. The span is made current in
 * preHandler, after the body is read, so the whole execution (loaders, upstream calls, Redis)
 * runs under it.
 */
export function registerRequestTracing(app: FastifyInstance, path: string): ApolloServerPlugin<BaseContext> {
  // The request's span on the request itself (declared, so every request has the same shape):
  // a WeakMap costs a hash lookup in each of the four hooks.
  app.decorateRequest(TRACE, null);
  const start: onRequestHookHandler = (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = currentTracer().startSpan('graphql', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': path },
    }, parent);
    (request as Traced)[TRACE] = { span, current: trace.setSpan(parent, span) };
    done();
  };
  // On the GraphQL route only, chosen once when the route is added: a global hook asking each
  // request for request.routeOptions.url builds a dozen-field object per request (a getter).
  app.addHook('onRoute', (route) => {
    if (route.url !== path) return;
    route.onRequest = [...(Array.isArray(route.onRequest) ? route.onRequest : route.onRequest ? [route.onRequest] : []), start];
  });
  // Global, so that it runs before the request guard's preHandler (registered later): the
  // persisted-document lookup runs under the span too.
  app.addHook('preHandler', (request, _reply, done) => {
    const entry = (request as Traced)[TRACE];
    if (entry) context.with(entry.current, done);
    else done();
  });
  const end = (request: FastifyRequest, status: number | null) => {
    const entry = (request as Traced)[TRACE];
    if (!entry) return;
    (request as Traced)[TRACE] = null;
    if (status !== null) entry.span.setAttribute('http.response.status_code', status);
    if (status === null || status >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
    entry.span.end();
  };
  app.addHook('onResponse', (request, reply, done) => { end(request, reply.statusCode); done(); });
  app.addHook('onRequestAbort', (request, done) => { end(request, null); done(); });

  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation({ operation, operationName }) {
      const span = trace.getActiveSpan();
      if (!span || !operation) return;
      // The caller's operation name, printable as in the metrics (a span's name is not a series:
      // no cap on distinct names is needed here).
      const name = operationName ? (isPlainName(operationName) ? operationName : 'invalid') : null;
      span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
      span.setAttribute('graphql.operation.type', operation.operation);
      if (name) span.setAttribute('graphql.operation.name', name);
    },
    async willSendResponse({ response }) {
      const span = trace.getActiveSpan();
      const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
      if (!span || !errors?.length) return;
      span.setAttribute('clients_graph.error_codes', [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]);
    },
  };
  return { requestDidStart: async () => listener };
}
