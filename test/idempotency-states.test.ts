import { Provider } from '../src/providers/index.js';
import { fingerprintOf } from '../src/clients/fingerprint.js';
import { Idempotency, type IdempotencyRecord } from '../src/clients/idempotency.js';
import { mayHaveWritten, OutcomeUnknownError, WriteInDoubtError } from '../src/clients/outcome.js';
import { UpstreamError } from '../src/clients/errors.js';
import { fatora } from '../src/providers/fatora/index.js';
import { invisibleCollector as ic } from '../src/providers/invisible-collector/index.js';
import { MemoryIdempotencyStore } from '../src/state/memory-idempotency.js';
import { IdempotencyStoreFullError } from '../src/state/errors.js';

describe('whether a failed write may have happened', () => {
  test.each([
    // Titles only: the errors themselves print with their stacks.
    ['a timeout', new UpstreamError('UPSTREAM_TIMEOUT', 'x', { provider: Provider.FATORA }), true],
    ['a 5xx', new UpstreamError('UPSTREAM_UNAVAILABLE', 'x', { provider: Provider.FATORA, status: 503 }), true],
    ['a reset after connecting', new UpstreamError('UPSTREAM_UNAVAILABLE', 'x', { provider: Provider.FATORA }), true],
    ['a refused connection or an open circuit: never sent', new UpstreamError('UPSTREAM_UNAVAILABLE', 'x', { provider: Provider.FATORA, sent: false }), false],
    ['a timeout of a call never sent (Fatora\'s token endpoint, before the write)', new UpstreamError('UPSTREAM_TIMEOUT', 'x', { provider: Provider.FATORA, sent: false }), false],
    ['an answer we cannot read', new UpstreamError('UPSTREAM_BAD_RESPONSE', 'x', { provider: Provider.FATORA }), true],
    ['anything unexpected', new TypeError('bug'), true],
    ['credentials refused', new UpstreamError('UPSTREAM_UNAUTHORIZED', 'x', { provider: Provider.FATORA, status: 401 }), false],
    ['rate limited', new UpstreamError('UPSTREAM_RATE_LIMITED', 'x', { provider: Provider.FATORA, retryAfter: 1, status: 429 }), false],
    ['not configured', new UpstreamError('PROVIDER_NOT_CONFIGURED', 'x', { provider: Provider.FATORA }), false],
  ])('%s', (_what, error, expected) => {
    expect(mayHaveWritten(error)).toBe(expected);
  });
});

describe('a key whose create lost its owner', () => {
  const options = { ttlMs: 60_000, createMs: 60_000, pollMs: 1 };
  const result = { client: null, userErrors: [] };

  async function storeWithStalePending() {
    const store = new MemoryIdempotencyStore();
    // A replica claimed the key and died mid-create: its claim is past its time.
    const stale: IdempotencyRecord = { state: 'pending', fingerprint: fingerprintOf({ a: 1 }), owner: 'gone', until: Date.now() - 1 };
    await store.setIfAbsent('k', JSON.stringify(stale), 60_000);
    return store;
  }

  test('is in doubt: at a provider whose create is not idempotent, the retry is OUTCOME_UNKNOWN and nothing runs', async () => {
    const idempotency = new Idempotency(await storeWithStalePending(), options);
    let creates = 0;
    await expect(idempotency.run('k', { a: 1 }, fatora, async () => { creates += 1; return result; }))
      .rejects.toEqual(new OutcomeUnknownError('Fatora', 'fatora', 'the create under this key stopped without an answer', 'findClients by email, or Fatora\'s client list'));
    expect(creates).toBe(0);
  });

  test('at Invisible Collector the retry sends the create again', async () => {
    const idempotency = new Idempotency(await storeWithStalePending(), options);
    let creates = 0;
    await expect(idempotency.run('k', { a: 1 }, ic, async () => { creates += 1; return result; })).resolves.toEqual({ kind: 'result', result });
    expect(creates).toBe(1);
  });
});

describe('the in-memory store when full', () => {
  test('drops expired keys first, then refuses a new key; stored keys are still settled', async () => {
    const store = new MemoryIdempotencyStore(2);
    await store.setIfAbsent('expired', 'x', 0); // expires at once
    await store.setIfAbsent('live', 'y', 60_000);
    await expect(store.setIfAbsent('new', 'z', 60_000)).resolves.toBe(true);
    await expect(store.setIfAbsent('newer', 'w', 60_000)).rejects.toEqual(new IdempotencyStoreFullError(2));
    await expect(store.compareAndSet('live', 'y', 'settled', 60_000)).resolves.toBe(true);
    await expect(store.get('live')).resolves.toBe('settled');
    await expect(store.get('new')).resolves.toBe('z');
  });
});

test('an in-doubt key keeps its first failure as a caller may read it: credential-like provider text cut out, capped', async () => {
  // Review finding: the raw error message was stored and quoted by every OUTCOME_UNKNOWN.
  const idempotency = new Idempotency(new MemoryIdempotencyStore(), { ttlMs: 60_000, createMs: 60_000, pollMs: 1 });
  const failure = new UpstreamError('UPSTREAM_BAD_RESPONSE', `Fatora sent an error to a create: use Bearer someone-elses-token-123 ${'x'.repeat(1000)}`, { provider: Provider.FATORA });
  await expect(idempotency.run('k', { a: 1 }, fatora, async () => { throw new WriteInDoubtError(failure, true); })).rejects.toBeInstanceOf(WriteInDoubtError);
  const retry = await idempotency.run('k', { a: 1 }, fatora, async () => ({ client: null, userErrors: [] })).catch((error: OutcomeUnknownError) => error);
  expect(retry).toBeInstanceOf(OutcomeUnknownError);
  const quoted = (retry as OutcomeUnknownError).firstFailure;
  expect(quoted.startsWith('Fatora sent an error to a create: use Bearer [redacted] xxx')).toBe(true);
  expect(quoted).toHaveLength(300);
});
