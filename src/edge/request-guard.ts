import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../clients/error-codes.js';
import { nestingDepth } from './nesting.js';
import type { PersistedDocuments } from './persisted-queries.js';

export interface GuardOptions {
  path: string;
  /** Operations in one batched HTTP request at most; null when batching is off (Apollo refuses batches then). */
  maxBatchSize: number | null;
  /** Longest query text, in bytes (MAX_QUERY_BYTES). */
  maxQueryBytes: number;
  /** Deepest nesting of an operation's variables or extensions (MAX_VARIABLES_DEPTH). */
  maxVariablesDepth: number;
  /** When set, only these documents run. */
  persisted: PersistedDocuments | null;
}

type Operation = Record<string, unknown>;

interface Refusal { status: number; code: ErrorCode; message: string }

/**
 * Checks at the HTTP edge, before Apollo parses anything: the batch size cap, the query size,
 * how deep variables and extensions nest, and the persisted-documents safelist (which also
 * turns a `documentId` into its document).
 */
export function registerRequestGuard(app: FastifyInstance, options: GuardOptions): void {
  app.addHook('preHandler', (request, reply, done) => {
    const problem = request.routeOptions.url === options.path ? refusal(request, options) : undefined;
    if (problem) refuse(reply, problem);
    else done();
  });
}

function refusal(request: FastifyRequest, options: GuardOptions): Refusal | undefined {
  if (options.maxBatchSize !== null && Array.isArray(request.body) && request.body.length > options.maxBatchSize) {
    return { status: 400, code: 'BATCH_TOO_LARGE', message: `A batch may hold at most ${options.maxBatchSize} operations.` };
  }
  const operations = request.method === 'GET'
    ? [request.query as Operation]
    : Array.isArray(request.body) ? (request.body as Operation[]) : [request.body as Operation];
  for (const operation of operations) {
    if (typeof operation !== 'object' || operation === null) continue; // Apollo answers malformed bodies itself
    const bytes = typeof operation.query === 'string' ? queryBytes(operation.query, options.maxQueryBytes) : 0;
    if (bytes > options.maxQueryBytes) {
      return {
        status: 413, code: 'QUERY_TOO_LARGE',
        message: `The query is ${bytes} bytes; this server accepts queries of at most ${options.maxQueryBytes} bytes (comments and blanks included).`,
      };
    }
    const depth = Math.max(
      nestingDepth(jsonOf(operation.variables, request.method), options.maxVariablesDepth),
      nestingDepth(jsonOf(operation.extensions, request.method), options.maxVariablesDepth),
    );
    if (depth > options.maxVariablesDepth) {
      return {
        status: 400, code: 'VARIABLES_TOO_DEEP',
        message: `The variables or extensions nest more than ${options.maxVariablesDepth} levels deep, which no operation of this API needs.`,
      };
    }
    const problem = options.persisted ? admit(operation, options.persisted) : undefined;
    if (problem) return { status: 400, code: 'PERSISTED_QUERY_NOT_ALLOWED', message: problem };
  }
  return undefined;
}

/** A GET request's variables and extensions are JSON text, parsed by Apollo later; a POST's are parsed. */
function jsonOf(value: unknown, method: string): unknown {
  if (method !== 'GET' || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined; // Apollo answers malformed JSON itself
  }
}

/** A query's UTF-8 size, counted only when it may be over the limit (a UTF-16 unit is 1 to 3 bytes). */
function queryBytes(query: string, limit: number): number {
  return query.length * 3 <= limit ? query.length : Buffer.byteLength(query);
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

function refuse(reply: FastifyReply, { status, code, message }: Refusal) {
  // Refused before Apollo runs: its request log line comes from the edge request log.
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ errors: [{ message, extensions: { code } }] });
}
