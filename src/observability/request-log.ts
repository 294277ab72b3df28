import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { performance } from 'node:perf_hooks';
import type { RequestScope } from '../clients/scope.js';
import { isLogging } from './log-level.js';
import type { Metrics } from './metrics.js';
import { traceIds } from './tracing.js';

/** Whether a GraphQL request's log line (and metric) was written yet: exactly one per request. */
export interface RequestLine {
  written: boolean;
  readonly started: number;
  /** The caller's address: the TCP peer, or behind a trusted proxy (TRUST_PROXY) the client it names. */
  readonly clientAddress: string;
}

/** What the request log reads of a GraphQL context (graphql/context.ts's Context has it). */
export interface LoggedContext {
  requestLine: RequestLine;
  scope: Pick<RequestScope, 'log' | 'upstreamCalls'>;
}

/**
 * One log line and one metric per GraphQL request: operation, duration, upstream calls made
 * and the error codes it answered with.
 */
export function requestLogPlugin(metrics: Metrics): ApolloServerPlugin<LoggedContext> {
  // One listener object for every request: the request's start time is on its requestLine.
  const listener: GraphQLRequestListener<LoggedContext> = {
    async willSendResponse({ contextValue, operationName, response }) {
      // Already written when shutdown cut the request while it ran.
      const line = contextValue.requestLine;
      if (line.written) return;
      line.written = true;
      const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
      const errorCodes = errors?.length
        ? [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]
        : [];
      metrics.graphqlRequests.inc({ operation: metrics.operationLabels.of(operationName), outcome: errorCodes.length > 0 ? 'error' : 'success' });
      if (!isLogging(contextValue.scope.log, 'info')) return;
      contextValue.scope.log.info({
        clientAddress: line.clientAddress,
        operationName: operationName ?? null,
        durationMs: Math.round((performance.now() - line.started) * 10) / 10,
        upstreamCalls: contextValue.scope.upstreamCalls,
        errorCodes,
        // trace_id and span_id when tracing is on: the line and its trace, found from each other.
        ...traceIds(),
      }, 'graphql request');
    },
  };
  return { requestDidStart: async () => listener };
}
