import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { performance } from 'node:perf_hooks';
import type { Context } from '../graphql/context.js';
import { isLogging } from './log-level.js';
import type { Metrics } from './metrics.js';

/**
 * One log line and one metric per GraphQL request: operation, duration, upstream calls made
 * and the error codes it answered with.
 */
export function requestLogPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  // One listener object for every request: the request's start time is on its requestLine.
  const listener: GraphQLRequestListener<Context> = {
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
      }, 'graphql request');
    },
  };
  return { requestDidStart: async () => listener };
}
