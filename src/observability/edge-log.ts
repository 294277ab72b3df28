import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import type { RequestLine } from './request-log.js';

declare module 'fastify' {
  interface FastifyRequest {
    requestLine: RequestLine | null;
  }
}

export interface EdgeRequestLog {
  /** The record of a request, for the GraphQL context (requestLogPlugin marks it written). */
  lineOf(request: FastifyRequest): RequestLine;
  /** Shutdown is cutting the connections of these requests: each gets its line now. */
  cutPending(): void;
}

/** A /graphql request's line, reachable from its response's close event. */
interface OpenLine extends RequestLine {
  readonly request: FastifyRequest;
}
const LINE = Symbol('graphql request line');
type Answer = FastifyReply['raw'] & { [LINE]?: OpenLine };

/** The code of a request whose connection closed before it was answered. */
export const CUT_CODES = { shutdown: 'CUT_AT_SHUTDOWN', aborted: 'REQUEST_ABORTED' } as const;

/**
 * The request log line and graphql_requests_total for GraphQL requests that never reach
 * Apollo's plugins or never finish: refused at the edge (CSRF prevention, body limit,
 * malformed JSON, batch and safelist refusals) and cut before their answer (at shutdown,
 * by the request timeout, or by the client). Requests GraphQL answered are logged by
 * requestLogPlugin; the shared record keeps it to one line each.
 */
export function registerEdgeRequestLog(
  app: FastifyInstance, logger: Logger, metrics: Metrics, path: string, draining: () => boolean,
): EdgeRequestLog {
  const pending = new Set<FastifyRequest>();
  app.decorateRequest('requestLine', null);
  // Hooks in callback form, and one close listener shared by every response: they run on
  // every request, where an async hook costs a promise and a closure per request.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url === path) {
      const line: OpenLine = { written: false, started: performance.now(), clientAddress: request.ip, request };
      request.requestLine = line;
      pending.add(request);
      // The connection closed before the answer was sent: shutdown past its grace period, the
      // request timeout (a body that never finished arriving), or the client leaving.
      (reply.raw as Answer)[LINE] = line;
      reply.raw.on('close', onClose);
    }
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const line = request.requestLine;
    if (line && !line.written) write(request, line, reply.statusCode >= 400 ? errorCodes(payload, reply.statusCode) : []);
    done(null, payload);
  });
  function onClose(this: Answer): void {
    const line = this[LINE]!;
    pending.delete(line.request);
    if (!line.written && !this.writableFinished) write(line.request, line, [draining() ? CUT_CODES.shutdown : CUT_CODES.aborted]);
  }

  function write(request: FastifyRequest, line: RequestLine, codes: string[]): void {
    line.written = true;
    const body = request.body as { operationName?: unknown } | undefined;
    const operationName = typeof body?.operationName === 'string' ? body.operationName : null;
    metrics.graphqlRequests.inc({ operation: metrics.operationLabels.of(operationName), outcome: codes.length > 0 ? 'error' : 'success' });
    logger.info({
      requestId: request.id,
      clientAddress: line.clientAddress,
      operationName,
      durationMs: Math.round((performance.now() - line.started) * 10) / 10,
      upstreamCalls: 0,
      errorCodes: codes,
    }, 'graphql request');
  }

  return {
    lineOf: (request) => (request.requestLine ??= { written: false, started: performance.now(), clientAddress: request.ip }),
    cutPending() {
      for (const request of pending) if (!request.requestLine!.written) write(request, request.requestLine!, [CUT_CODES.shutdown]);
    },
  };
}

/** The error codes of a refusal's body (GraphQL error shape), or the HTTP status as a code. */
function errorCodes(payload: unknown, status: number): string[] {
  if (typeof payload === 'string' && payload.length < 10_000) {
    try {
      const errors = (JSON.parse(payload) as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors;
      const codes = (errors ?? []).map((error) => error.extensions?.code).filter((code): code is string => typeof code === 'string');
      if (codes.length > 0) return [...new Set(codes)];
    } catch { /* not JSON: fall through */ }
  }
  return [`HTTP_${status}`];
}
