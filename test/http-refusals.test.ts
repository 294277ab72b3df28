import { errorCodes } from 'fastify';
import type { ErrorCode } from '../src/clients/error-codes.js';
import { httpRefusalOf } from '../src/edge/http-refusals.js';

// Fastify's own errors (the real ones, as Fastify makes them) answered with codes of the vocabulary.
test.each<[string, { statusCode?: number; code?: string; message: string }, { status: number; code: ErrorCode; message: string }]>([
  ['a body over BODY_LIMIT_BYTES', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(),
    { status: 413, code: 'BODY_TOO_LARGE', message: 'Request body is too large' }],
  ['a Content-Type nothing reads', new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(),
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Media Type' }],
  ['JSON that does not parse (or holds __proto__)', new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(),
    { status: 400, code: 'MALFORMED_REQUEST', message: 'Body is not valid JSON but content-type is set to \'application/json\'' }],
  ['an empty JSON body', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(),
    { status: 400, code: 'MALFORMED_REQUEST', message: 'Body cannot be empty when content-type is set to \'application/json\'' }],
  ['a body of another length than its Content-Length', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(),
    { status: 400, code: 'MALFORMED_REQUEST', message: 'Request body size did not match Content-Length' }],
  ['another refusal of Fastify keeps its status', new errorCodes.FST_ERR_MAX_PARAM_LENGTH('id'),
    { status: 414, code: 'MALFORMED_REQUEST', message: '\'id\' is exceeding the max param length' }],
  ['a 4xx without a code (a body stream that broke)', Object.assign(new Error('aborted'), { statusCode: 400 }),
    { status: 400, code: 'MALFORMED_REQUEST', message: 'aborted' }],
  ['a 5xx of Fastify says nothing of itself', new errorCodes.FST_ERR_HANDLER_TIMEOUT(1000, '/graphql'),
    { status: 503, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }],
  ['a bug', new TypeError('x is undefined'), { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }],
  ['a status below 400 is no refusal', Object.assign(new Error('moved'), { statusCode: 302 }),
    { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }],
])('%s', (_what, error, expected) => {
  expect(httpRefusalOf(error)).toEqual(expected);
});
