import { gate } from '../src/providers/simulator-kit.js';
import { startSimulators, type Simulators } from '../src/providers/simulators.js';
import { startService, type TestService } from './helpers/service.js';
import { startTcpGate, type TcpGate } from './helpers/tcp-proxy.js';

/**
 * Issue: a create under an idempotencyKey whose POST outlived UPSTREAM_TIMEOUT_MS answered
 * UPSTREAM_TIMEOUT, and the retry under the same key sent a second POST: two clients. Such a
 * key is now "in doubt": the first error says the client may exist, and a retry never sends
 * a second blind POST.
 */

let service: TestService;
beforeAll(async () => { service = await startService({ env: { UPSTREAM_TIMEOUT_MS: '300' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const CREATE = `mutation ($input: CreateClientInput!, $key: String) {
  createClient(input: $input, idempotencyKey: $key) { client { id name } userErrors { field message code } }
}`;

const TIMEOUT_SAYS = (label: string) => `${label} did not answer within 300 ms. The client may have been created: a retry under the same `
  + 'idempotencyKey never creates it twice; without a key, look for it before creating it again.';

test('Fatora: a POST that outlives the timeout leaves the key in doubt; the retry is OUTCOME_UNKNOWN and sends nothing', async () => {
  const input = { provider: 'FATORA', name: 'Doubtful Ltd', email: 'doubt@fatora.example' };
  const answer = gate();
  service.fatora.inject({ method: 'POST', hold: answer.promise });
  const first = await service.gql(CREATE, { input, key: 'doubt-fatora' });
  expect(first.body.data).toEqual({ createClient: null });
  expect(first.body.errors).toEqual([{
    message: TIMEOUT_SAYS('Fatora'), path: ['createClient'], locations: expect.any(Array),
    extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'fatora', outcome: 'UNKNOWN' },
  }]);
  answer.open(); // Fatora made the client after all.

  for (let retry = 0; retry < 2; retry++) {
    const again = await service.gql(CREATE, { input, key: 'doubt-fatora' });
    expect(again.body.data).toEqual({ createClient: null });
    expect(again.body.errors).toEqual([{
      message: 'An earlier create under this idempotencyKey ended without a known outcome (Fatora did not answer within 300 ms), '
        + 'so Fatora may already hold this client. It is not sent again blindly: look for it (findClients by email, or Fatora\'s '
        + 'client list) and create it under a new idempotencyKey only if it is not there.',
      path: ['createClient'], locations: expect.any(Array),
      extensions: { code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' },
    }]);
  }
  // Another input under the key is still the CONFLICT it always was.
  const other = await service.gql(CREATE, { input: { ...input, name: 'Other' }, key: 'doubt-fatora' });
  expect(other.body.data.createClient.userErrors[0].code).toBe('CONFLICT');
  expect(service.fatora.count('POST')).toBe(1);
});

test('Daftra: a 5xx to the POST leaves the key in doubt too', async () => {
  const input = { provider: 'DAFTRA', name: 'Five Hundred Co' };
  service.daftra.inject({ method: 'POST', status: 502, body: { code: 502, result: 'failed', message: 'Bad Gateway' } });
  const first = await service.gql(CREATE, { input, key: 'doubt-daftra' });
  expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'daftra', outcome: 'UNKNOWN' });
  const again = await service.gql(CREATE, { input, key: 'doubt-daftra' });
  expect(again.body.data).toEqual({ createClient: null });
  expect(again.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'daftra', outcome: 'UNKNOWN' });
  expect(service.daftra.count('POST')).toBe(1);
});

test('Invisible Collector: the retry sends the same body again, and IC answers the one customer it made', async () => {
  const input = {
    provider: 'INVISIBLE_COLLECTOR', name: 'Duvida Lda', taxNumber: 'PT500000321', externalId: 'DOUBT-1',
    address: { city: 'Braga', countryCode: 'PT' },
  };
  const answer = gate();
  service.ic.inject({ method: 'POST', hold: answer.promise });
  const first = await service.gql(CREATE, { input, key: 'doubt-ic' });
  expect(first.body.errors).toEqual([{
    message: TIMEOUT_SAYS('Invisible Collector'), path: ['createClient'], locations: expect.any(Array),
    extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'invisible-collector', outcome: 'UNKNOWN' },
  }]);
  answer.open(); // IC made the customer after all.
  const made = await service.gql('{ client(id: "invisible-collector:DOUBT-1") { id name } }');
  expect(made.body.data.client.name).toBe('Duvida Lda');

  const retry = await service.gql(CREATE, { input, key: 'doubt-ic' });
  expect(retry.body).toEqual({ data: { createClient: { client: made.body.data.client, userErrors: [] } } });
  expect(service.ic.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
    service.ic.calls[0]!.body, service.ic.calls[0]!.body,
  ]);
  // Now the key is settled: a further retry is answered without any call.
  service.resetCalls();
  const settled = await service.gql(CREATE, { input, key: 'doubt-ic' });
  expect(settled.body).toEqual(retry.body);
  expect(service.ic.calls).toEqual([]);
});

test('a create the provider did not act on (429) frees its key: the retry creates', async () => {
  const input = { provider: 'FATORA', name: 'Rate Limited Ltd' };
  service.fatora.inject({ method: 'POST', status: 429, body: { status: 'ERROR', error: 'slow down' } });
  const first = await service.gql(CREATE, { input, key: 'limited' });
  expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'fatora' });
  const retry = await service.gql(CREATE, { input, key: 'limited' });
  expect(retry.body.data.createClient.client.name).toBe('Rate Limited Ltd');
  expect(service.fatora.count('POST')).toBe(2);
});

test('an update that timed out says the change may have been made', async () => {
  const answer = gate();
  service.fatora.inject({ method: 'PUT', hold: answer.promise });
  const { body } = await service.gql('mutation { updateClient(id: "fatora:1026", input: { email: "w@fatora.example" }) { client { id } } }');
  answer.open();
  expect(body.errors).toEqual([{
    message: 'Fatora did not answer within 300 ms. The change may have been made: read the client to see.',
    path: ['updateClient'], locations: expect.any(Array),
    extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'fatora', outcome: 'UNKNOWN' },
  }]);
});

describe('a create that provably never reached the provider leaves its key free', () => {
  test('a refused connection: no outcome UNKNOWN; once the provider is reachable, the retry under the key creates, once', async () => {
    const sims: Simulators = await startSimulators();
    const fatoraUrl = new URL(sims.settings.fatora.baseUrl);
    const tcpGate: TcpGate = await startTcpGate(Number(fatoraUrl.port));
    fatoraUrl.port = String(tcpGate.port);
    const gated = await startService({ simulators: sims, providers: { fatora: { ...sims.settings.fatora, baseUrl: fatoraUrl.toString().replace(/\/$/, '') } } });
    try {
      const input = { provider: 'FATORA', name: 'Never Sent Ltd' };
      const first = await gated.gql(CREATE, { input, key: 'refused' });
      expect(first.body).toEqual({
        data: { createClient: null },
        errors: [{
          message: 'Fatora could not be reached (ECONNREFUSED)', path: ['createClient'], locations: expect.any(Array),
          extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'fatora' },
        }],
      });
      expect(gated.fatora.count('POST')).toBe(0);

      await tcpGate.open();
      const retry = await gated.gql(CREATE, { input, key: 'refused' });
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data.createClient.client.name).toBe('Never Sent Ltd');
      const again = await gated.gql(CREATE, { input, key: 'refused' });
      expect(again.body).toEqual(retry.body);
      expect(gated.fatora.count('POST')).toBe(1);
    } finally {
      await gated.close();
      await tcpGate.close();
      await sims.close();
    }
  });

  test('an open circuit: no outcome UNKNOWN, nothing sent, and the retry meets the circuit again, not OUTCOME_UNKNOWN', async () => {
    // The circuit stays open for the whole test: no timing in play.
    const fragile = await startService({ env: { UPSTREAM_RETRIES: '0', UPSTREAM_BREAKER_VOLUME: '3', UPSTREAM_BREAKER_RESET_MS: '3600000' } });
    try {
      fragile.fatora.inject({ method: 'GET', status: 503, body: { status: 'ERROR', error: 'down' }, times: 3 });
      for (const id of ['fatora:1024', 'fatora:1025', 'fatora:1026']) {
        expect((await fragile.gql('query ($id: ID!) { client(id: $id) { id } }', { id })).body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      }
      const circuitOpen = {
        data: { createClient: null },
        errors: [{
          message: 'Fatora is failing; calls to it are paused for a moment (circuit open)', path: ['createClient'], locations: expect.any(Array),
          extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'fatora' },
        }],
      };
      const input = { provider: 'FATORA', name: 'Paused Ltd' };
      expect((await fragile.gql(CREATE, { input, key: 'circuit' })).body).toEqual(circuitOpen);
      expect((await fragile.gql(CREATE, { input, key: 'circuit' })).body).toEqual(circuitOpen);
      expect(fragile.fatora.count('POST')).toBe(0);
    } finally {
      await fragile.close();
    }
  });
});

describe('a full in-memory key store refuses new keys and never drops a live one (IDEMPOTENCY_MAX_KEYS)', () => {
  // Review finding: past 10,000 keys each new key evicted the oldest, so an in-doubt key could
  // be forgotten within its 24 h and its retry sent a second POST.
  let small: TestService;
  beforeAll(async () => { small = await startService({ env: { UPSTREAM_TIMEOUT_MS: '300', IDEMPOTENCY_MAX_KEYS: '3' } }); });
  afterAll(() => small.close());

  test('the in-doubt key outlives any number of new keys: they are STATE_UNAVAILABLE, its retry is OUTCOME_UNKNOWN; one POST each', async () => {
    const answer = gate();
    small.fatora.inject({ method: 'POST', hold: answer.promise });
    const victim = { provider: 'FATORA', name: 'Victim Ltd' };
    const first = await small.gql(CREATE, { input: victim, key: 'victim' });
    expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'fatora', outcome: 'UNKNOWN' });
    answer.open();
    for (const n of [1, 2]) {
      const filler = await small.gql(CREATE, { input: { provider: 'FATORA', name: `Filler ${n}` }, key: `filler-${n}` });
      expect(filler.body.data.createClient.client.name).toBe(`Filler ${n}`);
    }
    for (const n of [3, 4]) {
      const refused = await small.gql(CREATE, { input: { provider: 'FATORA', name: `Filler ${n}` }, key: `filler-${n}` });
      expect(refused.body).toEqual({
        data: { createClient: null },
        errors: [{
          message: 'The idempotency store is full (3 keys kept for their 24 hours; IDEMPOTENCY_MAX_KEYS), so this create with a new '
            + 'idempotencyKey was not attempted: retry later',
          path: ['createClient'], locations: expect.any(Array), extensions: { code: 'STATE_UNAVAILABLE' },
        }],
      });
    }
    const retry = await small.gql(CREATE, { input: victim, key: 'victim' });
    expect(retry.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' });
    // Keys already stored still answer: filler-1's retry is its first client, without a call.
    const again = await small.gql(CREATE, { input: { provider: 'FATORA', name: 'Filler 1' }, key: 'filler-1' });
    expect(again.body.data.createClient.client.name).toBe('Filler 1');
    expect(small.fatora.count('POST')).toBe(3);
  });
});
