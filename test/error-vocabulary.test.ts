import { GraphQLError } from 'graphql';
import { ConfigError } from '../src/config-error.js';
import { CursorError } from '../src/clients/cursor.js';
import { codesOf, ERROR_CODES, type ErrorCode } from '../src/clients/error-codes.js';
import { ListInputError, ServiceError, UnsupportedFilterError, UpstreamError, WriteRefusedError } from '../src/clients/errors.js';
import { OutcomeUnknownError, WriteInDoubtError } from '../src/clients/outcome.js';
import { RequestCredentialError, WriteStopped } from '../src/clients/provider.js';
import { UserErrorCode } from '../src/clients/user-errors.js';
import { LOOKUP_LIMIT_CODE } from '../src/edge/lookup-budget.js';
import { LIMIT_CODES } from '../src/edge/limits.js';
import { graphQLError, requestRefusal, toGraphQLError } from '../src/graphql/errors.js';
import { InDoubtFailure } from '../src/providers/breaker.js';
import { TooDeepError } from '../src/providers/json.js';
import { BodyTooLargeError } from '../src/providers/transport/exchange.js';
import { PortInUseError } from '../src/server.js';
import { IdempotencyStoreFullError, StateUnavailableError, UpdateBusyError, UpdateLockLostError } from '../src/state/errors.js';
import { RedisSettingsError } from '../src/state/redis-settings.js';
import { RedisUnreachableError } from '../src/state/redis.js';

// The one place errors become GraphQL errors: what a caller is told for each error of the vocabulary.
const internal = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
test.each<[string, unknown, { message: string; extensions: Record<string, unknown> }]>([
  ['a timeout', new UpstreamError('UPSTREAM_TIMEOUT', 'Fatora did not answer within 5000 ms', { provider: 'fatora' }),
    { message: 'Fatora did not answer within 5000 ms', extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'fatora' } }],
  ['a 429 with its retryAfter (the status stays in logs and metrics)', new UpstreamError('UPSTREAM_RATE_LIMITED', 'Daftra is rate limiting us (HTTP 429)', { provider: 'daftra', retryAfter: 3, status: 429 }),
    { message: 'Daftra is rate limiting us (HTTP 429)', extensions: { code: 'UPSTREAM_RATE_LIMITED', provider: 'daftra', retryAfter: 3 } }],
  ['a provider\'s text, scrubbed of a credential', new UpstreamError('UPSTREAM_BAD_RESPONSE', 'Fatora sent Bearer abc.def-123', { provider: 'fatora' }),
    { message: 'Fatora sent Bearer [redacted]', extensions: { code: 'UPSTREAM_BAD_RESPONSE', provider: 'fatora' } }],
  ['a write in doubt: its cause\'s code, with outcome UNKNOWN', new WriteInDoubtError(new UpstreamError('UPSTREAM_UNAVAILABLE', 'Fatora is unavailable (HTTP 502)', { provider: 'fatora', status: 502 }), false),
    { message: 'Fatora is unavailable (HTTP 502). The change may have been made: read the client to see.', extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'fatora', outcome: 'UNKNOWN' } }],
  ['an earlier create in doubt', new OutcomeUnknownError('Fatora', 'fatora', 'Fatora did not answer', 'Fatora\'s client list'),
    {
      message: 'An earlier create under this idempotencyKey ended without a known outcome (Fatora did not answer), so Fatora may already hold this client. '
        + 'It is not sent again blindly: look for it (Fatora\'s client list) and create it under a new idempotencyKey only if it is not there.',
      extensions: { code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' },
    }],
  ['a filter the provider cannot serve', new UnsupportedFilterError('invisible-collector', 'search', 'Invisible Collector cannot search'),
    { message: 'Invisible Collector cannot search', extensions: { code: 'UNSUPPORTED_FILTER', provider: 'invisible-collector', field: 'search' } }],
  ['a list argument out of range', new ListInputError('first must be from 1 to 100, not 0'),
    { message: 'first must be from 1 to 100, not 0', extensions: { code: 'BAD_USER_INPUT' } }],
  ['Redis unavailable', new StateUnavailableError('update'),
    { message: 'The shared state (Redis) is unavailable, so this update was not attempted: retry later', extensions: { code: 'STATE_UNAVAILABLE' } }],
  ['a full idempotency store', new IdempotencyStoreFullError(2),
    { message: new IdempotencyStoreFullError(2).message, extensions: { code: 'STATE_UNAVAILABLE' } }],
  ['a lost update lock', new UpdateLockLostError(), { message: new UpdateLockLostError().message, extensions: { code: 'STATE_UNAVAILABLE' } }],
  ['a client kept busy', new UpdateBusyError(9000),
    { message: 'Other updates of this client kept it locked for 9000 ms, so this update was not attempted: retry later', extensions: { code: 'CLIENT_BUSY' } }],
  ['a GraphQL error already made', graphQLError('BAD_USER_INPUT', 'x'), { message: 'x', extensions: { code: 'BAD_USER_INPUT' } }],
  ['a request refusal, with its HTTP status', requestRefusal(LOOKUP_LIMIT_CODE, 'too many', 400, { lookups: 3, limit: 2 }),
    { message: 'too many', extensions: { code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: 3, limit: 2, http: { status: 400 } } }],
  // Internal signals and plain bugs say nothing of themselves.
  ['a bug', new TypeError('x is undefined'), internal],
  ['a validateOnly stop that escaped', new WriteStopped({ name: 'A' }), internal],
  ['a body too large that escaped its reader', new BodyTooLargeError(10), internal],
  ['a refusal that escaped the userErrors', new WriteRefusedError('CONFLICT', 'duplicate', { provider: 'fatora' }), internal],
])('%s', (_what, error, expected) => {
  const mapped = toGraphQLError(error);
  expect(mapped).toBeInstanceOf(GraphQLError);
  expect({ message: mapped.message, extensions: mapped.extensions }).toEqual(expected);
});

test.each<[string, ServiceError, ErrorCode]>([
  ['UpstreamError', new UpstreamError('UPSTREAM_TIMEOUT', 'm', { provider: 'fatora' }), 'UPSTREAM_TIMEOUT'],
  ['WriteRefusedError', new WriteRefusedError('REJECTED', 'm', { provider: 'fatora' }), 'REJECTED'],
  ['WriteInDoubtError', new WriteInDoubtError(new Error('m'), true), 'WRITE_IN_DOUBT'],
  ['OutcomeUnknownError', new OutcomeUnknownError('Fatora', 'fatora', 'm', 'w'), 'OUTCOME_UNKNOWN'],
  ['ListInputError', new ListInputError('m'), 'BAD_USER_INPUT'],
  ['CursorError', new CursorError('m'), 'BAD_USER_INPUT'],
  ['UnsupportedFilterError', new UnsupportedFilterError('fatora', null, 'm'), 'UNSUPPORTED_FILTER'],
  ['RequestCredentialError', new RequestCredentialError('m'), 'BAD_USER_INPUT'],
  ['WriteStopped', new WriteStopped({}), 'WRITE_STOPPED'],
  ['StateUnavailableError', new StateUnavailableError('update'), 'STATE_UNAVAILABLE'],
  ['UpdateBusyError', new UpdateBusyError(1), 'CLIENT_BUSY'],
  ['InDoubtFailure', new InDoubtFailure(), 'UPSTREAM_ANSWER_IN_DOUBT'],
  ['TooDeepError', new TooDeepError('m'), 'UPSTREAM_JSON_TOO_DEEP'],
  ['BodyTooLargeError', new BodyTooLargeError(1), 'UPSTREAM_BODY_TOO_LARGE'],
  ['ConfigError', new ConfigError('PORT', 'must be a port'), 'CONFIG_INVALID'],
  ['PortInUseError', new PortInUseError(80), 'PORT_IN_USE'],
  ['RedisUnreachableError', new RedisUnreachableError('m'), 'REDIS_UNREACHABLE'],
  ['RedisSettingsError', new RedisSettingsError('m'), 'REDIS_SETTINGS_UNSAFE'],
])('%s is a ServiceError of the vocabulary, named after its class', (name, error, code) => {
  expect(error).toBeInstanceOf(ServiceError);
  expect([error.code, error.name]).toEqual([code, name]);
});

test('an error not known to have been sent says so, named: sent defaults to true', () => {
  expect(new UpstreamError('UPSTREAM_UNAVAILABLE', 'm', { provider: 'fatora' }).sent).toBe(true);
  expect(new UpstreamError('UPSTREAM_UNAVAILABLE', 'm', { provider: 'fatora', sent: false }).sent).toBe(false);
});

test('the schema\'s UserErrorCode is the vocabulary\'s userError codes, and the edge\'s limit codes its request codes', () => {
  expect(Object.values(UserErrorCode).sort()).toEqual(codesOf('userError').sort());
  expect(([...Object.values(LIMIT_CODES), LOOKUP_LIMIT_CODE] as ErrorCode[]).filter((code) => ERROR_CODES[code].surface !== 'request')).toEqual([]);
});
