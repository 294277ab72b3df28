import type { ErrorCode } from '../clients/error-codes.js';

/**
 * What the service answers for an error Fastify raises before any route runs (reading the
 * body, mostly): the HTTP status Fastify gives, with a code of the vocabulary in place of
 * Fastify's own `FST_ERR_*` (a name of our HTTP framework, which callers should not depend
 * on, and which the manual's error table does not list).
 */
export interface HttpRefusal {
  status: number;
  code: ErrorCode;
  message: string;
}

/** Fastify's codes for a request it cannot read, by the vocabulary's names. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_REQUEST',
};

/**
 * A 4xx keeps its status and message, under a vocabulary code (MALFORMED_REQUEST for any
 * other refusal of a request Fastify cannot read); anything else is our own failure, of
 * which the caller learns nothing.
 */
export function httpRefusalOf(error: { statusCode?: number | undefined; code?: string | undefined; message: string }): HttpRefusal {
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) return { status, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  return { status, code: (error.code === undefined ? undefined : FASTIFY_CODES[error.code]) ?? 'MALFORMED_REQUEST', message: error.message };
}
