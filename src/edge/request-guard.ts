import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PersistedDocuments } from './persisted-queries.js';

export interface GuardOptions {
  path: string;
  /** Operations in one batched HTTP request at most; null when batching is off (Apollo refuses batches then). */
  maxBatchSize: number | null;
  /** When set, only these documents run. */
  persisted: PersistedDocuments | null;
}

type Operation = Record<string, unknown>;

/**
 * Checks at the HTTP edge, before Apollo parses anything: the batch size cap and the
 * persisted-documents safelist (which also turns a `documentId` into its document).
 */
export function registerRequestGuard(app: FastifyInstance, options: GuardOptions): void {
  // Nothing to check (batching off, no safelist): no hook on every request.
  if (options.maxBatchSize === null && !options.persisted) return;
  app.addHook('preHandler', (request, reply, done) => {
    const problem = request.routeOptions.url === options.path ? refusal(request, options) : undefined;
    if (problem) refuse(reply, problem.code, problem.message);
    else done();
  });
}

function refusal(request: FastifyRequest, options: GuardOptions): { code: string; message: string } | undefined {
  if (options.maxBatchSize !== null && Array.isArray(request.body) && request.body.length > options.maxBatchSize) {
    return { code: 'BATCH_TOO_LARGE', message: `A batch may hold at most ${options.maxBatchSize} operations.` };
  }
  if (!options.persisted) return undefined;
  const operations = request.method === 'GET'
    ? [request.query as Operation]
    : Array.isArray(request.body) ? (request.body as Operation[]) : [request.body as Operation];
  for (const operation of operations) {
    if (typeof operation !== 'object' || operation === null) continue; // Apollo answers malformed bodies itself
    const problem = admit(operation, options.persisted);
    if (problem) return { code: 'PERSISTED_QUERY_NOT_ALLOWED', message: problem };
  }
  return undefined;
}

/** Why an operation may not run under the safelist, or undefined when it may. */
function admit(operation: Operation, persisted: PersistedDocuments): string | undefined {
  if (typeof operation.documentId === 'string') {
    const document = persisted.byHash(operation.documentId);
    if (!document) return `No persisted document has the id "${operation.documentId}".`;
    operation.query = document;
    delete operation.documentId;
    return undefined;
  }
  if (typeof operation.query === 'string') {
    return persisted.has(operation.query) ? undefined : 'This server only runs persisted documents; this one is not in its list.';
  }
  // A hash alone: Apollo's APQ lookup answers from the same list (PersistedQueryNotFound otherwise).
  return undefined;
}

function refuse(reply: FastifyReply, code: string, message: string) {
  // Refused before Apollo runs: its request log line comes from the edge request log.
  return reply.code(400).header('content-type', 'application/json; charset=utf-8').send({ errors: [{ message, extensions: { code } }] });
}
