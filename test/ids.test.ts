import { gate } from '../src/providers/simulator-kit.js';
import { KNOWN_PREFIXES } from './helpers/providers.js';
import { startService, until, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const totalCalls = () => service.fatora.calls.length + service.daftra.calls.length + service.ic.calls.length;

describe('a malformed id is BAD_USER_INPUT and reaches no provider', () => {
  test.each([
    '1024', 'fatora', 'fatora:', 'unknown:1', 'FATORA:1024', ':1024',
    'fatora:abc', 'fatora:-1', 'fatora:0', 'fatora:01024', 'fatora:1.5', 'fatora:1024/../1025', 'fatora:1024?x=1',
    'daftra:', 'daftra:512.json', 'daftra:5 12',
    'invisible-collector:', 'invisible-collector:..', 'invisible-collector:../admin', 'invisible-collector:a/b',
    'invisible-collector:%2e%2e', 'invisible-collector:a?b', 'invisible-collector:a#b',
  ])('%j', async (id) => {
    const { status, body } = await service.gql(`query ($id: ID!) { client(id: $id) { id } }`, { id });
    expect(status).toBe(200);
    expect(body.data).toEqual({ client: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(body.errors![0]!.path).toEqual(['client']);
    expect(totalCalls()).toBe(0);
  });

  test('the known prefixes are the registered providers\' ids, the three first', () => {
    expect(KNOWN_PREFIXES).toMatch(/^fatora, daftra, invisible-collector(, |$)/);
  });

  test.each([
    ['fatora:abc', 'Fatora ids are numbers'],
    ['daftra:5 12', 'Daftra ids are numbers'],
    ['stripe:1', `unknown provider "stripe"; known prefixes are ${KNOWN_PREFIXES}`],
    ['1024', `expected "<provider>:<id>" with a provider of ${KNOWN_PREFIXES}`],
    ['invisible-collector:../admin', 'Invisible Collector ids are a gid or an externalId: letters, digits, ".", "_", "~" and "-", not starting with "."'],
  ])('%j says exactly what is wrong', async (id, problem) => {
    const { body } = await service.gql(`query ($id: ID!) { client(id: $id) { id } }`, { id });
    expect(body.errors[0].message).toBe(`"${id}" is not a client id: ${problem}`);
  });

  test('on updateClient it is an INVALID userError on ["id"] saying what is wrong (a mutation\'s outcome is read from userErrors)', async () => {
    const { body } = await service.gql(`mutation { updateClient(id: "fatora:x", input: { name: "N" }) { client { id } userErrors { field message code } } }`);
    expect(body).toEqual({
      data: { updateClient: { client: null, userErrors: [{ field: ['id'], message: '"fatora:x" is not a client id: Fatora ids are numbers', code: 'INVALID' }] } },
    });
    expect(totalCalls()).toBe(0);
  });
});

describe('UPSTREAM_CONCURRENCY bounds the calls in flight per provider per request', () => {
  let bounded: TestService;
  beforeAll(async () => { bounded = await startService({ env: { UPSTREAM_CONCURRENCY: '3' } }); });
  afterAll(() => bounded.close());

  test('10 distinct ids, 3 at a time, all answered in order', async () => {
    // Every answer is held until 3 calls are in flight at once, so the bound is reached for sure.
    const held = gate();
    bounded.fatora.inject({ hold: held.promise, times: 10 });
    const ids = Array.from({ length: 10 }, (_, i) => `fatora:${3000 + i}`);
    const pending = bounded.gql(`query ($ids: [ID!]!) { clients(ids: $ids) { providerId } }`, { ids });
    await until(() => bounded.fatora.inFlight === 3);
    held.open();
    const { body } = await pending;
    expect(body.data.clients.map((c: { providerId: string }) => c.providerId)).toEqual(ids.map((id) => id.slice(7)));
    expect(bounded.fatora.calls).toHaveLength(10);
    expect(bounded.fatora.maxInFlight).toBe(3);
  });
});
