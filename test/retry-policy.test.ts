import { isRetryable, retryAfterMs, retryDelay, type AttemptOutcome, type RetryQuestion } from '../src/providers/retry.js';
import { classifyFailure } from '../src/providers/transport/failure.js';

const policy = { retries: 2, retryAfterCapMs: 10_000 };
const status = (code: number, retryAfter?: number): AttemptOutcome => ({ kind: 'status', status: code, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) });
const refused: AttemptOutcome = { kind: 'refused' };
const broken: AttemptOutcome = { kind: 'connection', code: 'ECONNRESET' };
const unknownHost: AttemptOutcome = { kind: 'connection', code: 'ENOTFOUND' };
const connectTimeout: AttemptOutcome = { kind: 'connection', code: 'ETIMEDOUT' };
const timeout: AttemptOutcome = { kind: 'timeout' };

describe('what is retried at all', () => {
  test.each<[RetryQuestion['method'], AttemptOutcome, boolean]>([
    ['GET', status(503), true],
    ['GET', status(500), true],
    ['GET', status(429), true],
    ['GET', status(404), false],
    ['GET', status(401), false],
    ['GET', status(200), false],
    ['GET', refused, true],
    ['GET', broken, true],
    ['GET', { kind: 'connection', code: 'EPIPE' }, true],
    ['GET', { kind: 'connection', code: 'EAI_AGAIN' }, true],
    ['GET', unknownHost, false],
    ['GET', connectTimeout, false],
    ['GET', timeout, false],
    ['PUT', refused, true],
    ['PUT', broken, false],
    ['PUT', status(503), false],
    ['PUT', status(429), false],
    ['PUT', timeout, false],
    ['POST', refused, false],
    ['POST', status(503), false],
    ['POST', broken, false],
  ])('%s after %j → %s', (method, outcome, expected) => {
    expect(isRetryable(method, outcome)).toBe(expected);
  });
});

describe('how long to wait, or not at all', () => {
  const half = () => 0.5;
  test.each<[string, RetryQuestion, number | null]>([
    ['first retry: half of 200 ms', { method: 'GET', outcome: status(503), attempts: 1, remainingMs: 5000 }, 100],
    ['second retry: half of 400 ms', { method: 'GET', outcome: broken, attempts: 2, remainingMs: 5000 }, 200],
    ['retries spent', { method: 'GET', outcome: status(503), attempts: 3, remainingMs: 5000 }, null],
    ['Retry-After wins over backoff', { method: 'GET', outcome: status(429, 1000), attempts: 1, remainingMs: 5000 }, 1000],
    ['Retry-After of 0 still waits 1 ms', { method: 'GET', outcome: status(429, 0), attempts: 1, remainingMs: 5000 }, 1],
    ['Retry-After beyond the cap: fail now', { method: 'GET', outcome: status(429, 10_001), attempts: 1, remainingMs: 60_000 }, null],
    ['Retry-After at the cap: wait', { method: 'GET', outcome: status(429, 4000), attempts: 1, remainingMs: 60_000 }, 4000],
    ['Retry-After beyond the budget left: fail now', { method: 'GET', outcome: status(429, 3000), attempts: 1, remainingMs: 2999 }, null],
    ['backoff beyond the budget left: fail now', { method: 'GET', outcome: status(503), attempts: 1, remainingMs: 100 }, null],
    ['a refused PUT is retried', { method: 'PUT', outcome: refused, attempts: 1, remainingMs: 5000 }, 100],
    ['a POST never', { method: 'POST', outcome: refused, attempts: 1, remainingMs: 5000 }, null],
    ['a timeout never', { method: 'GET', outcome: timeout, attempts: 1, remainingMs: 5000 }, null],
  ])('%s', (_name, question, expected) => {
    expect(retryDelay({ ...policy, retryAfterCapMs: 4000 }, question, half)).toBe(expected);
  });

  test('backoff is full jitter, capped at 2 s', () => {
    const question: RetryQuestion = { method: 'GET', outcome: status(503), attempts: 10, remainingMs: 60_000 };
    expect(retryDelay({ retries: 20, retryAfterCapMs: 0 }, question, () => 0.999)).toBe(1998);
    expect(retryDelay({ retries: 20, retryAfterCapMs: 0 }, question, () => 0)).toBe(1);
  });

  test('UPSTREAM_RETRIES=0 means one attempt', () => {
    expect(retryDelay({ retries: 0, retryAfterCapMs: 0 }, { method: 'GET', outcome: status(503), attempts: 1, remainingMs: 5000 }, half)).toBeNull();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test.each<[string | string[] | undefined, number | undefined]>([
    ['7', 7000],
    [' 0 ', 0],
    [['3', '9'], 3000],
    ['Thu, 01 Jan 2026 00:00:02 GMT', 2000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

describe('a transport failure means the same on every Node version', () => {
  const coded = (code: string | undefined, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), code === undefined ? {} : { code }, extra);
  test.each<[string, unknown, { kind: string; code: string }]>([
    ['Node 20: ECONNREFUSED', coded('ECONNREFUSED'), { kind: 'refused', code: 'ECONNREFUSED' }],
    ["got's RequestError around it", coded('ECONNREFUSED', { name: 'RequestError', cause: coded('ECONNREFUSED') }), { kind: 'refused', code: 'ECONNREFUSED' }],
    ['Node 22/24: AggregateError, code only inside',
      coded(undefined, { name: 'RequestError', cause: new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]) }), { kind: 'refused', code: 'ECONNREFUSED' }],
    ['Node 22/24: outer ETIMEDOUT, a refusal inside',
      coded('ETIMEDOUT', { name: 'RequestError', cause: Object.assign(new AggregateError([coded('ETIMEDOUT'), coded('ECONNREFUSED')]), { code: 'ETIMEDOUT' }) }),
      { kind: 'refused', code: 'ECONNREFUSED' }],
    ['Node 24: socket closed before the connection', coded('ERR_SOCKET_CLOSED_BEFORE_CONNECTION'), { kind: 'refused', code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION' }],
    ['a reset', coded('ECONNRESET', { name: 'RequestError', cause: coded('ECONNRESET') }), { kind: 'connection', code: 'ECONNRESET' }],
    ['every address timed out connecting', coded('ETIMEDOUT', { name: 'RequestError', cause: new AggregateError([coded('ETIMEDOUT')]) }), { kind: 'connection', code: 'ETIMEDOUT' }],
    ["got's own request timeout", coded('ETIMEDOUT', { name: 'TimeoutError' }), { kind: 'timeout', code: 'ETIMEDOUT' }],
    ['no code anywhere', new Error('?'), { kind: 'connection', code: 'ERROR' }],
  ])('%s', (_name, error, expected) => {
    expect(classifyFailure(error)).toEqual(expected);
  });
});
