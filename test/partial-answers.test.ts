import { startService, type TestService } from './helpers/service.js';

/**
 * One provider failing, or one bad argument, nulls only the root field it concerns (with its
 * error); every root field beside it keeps its data. One test per root field, each with a bad
 * argument and with a provider down. `providers` takes no argument and asks no provider: it
 * is the sibling that must survive.
 */
let service: TestService;
beforeAll(async () => { service = await startService({ env: { UPSTREAM_RETRIES: '0' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

/** Daftra answers 503 to every call until reset. */
const daftraDown = () => service.daftra.inject({ status: 503, body: { code: 503, result: 'failed', message: 'Maintenance' }, times: 1000 });
const SIBLING = 'providers { provider }';
const siblingData = [{ provider: 'FATORA' }, { provider: 'DAFTRA' }, { provider: 'INVISIBLE_COLLECTOR' }];

async function expectPartial(field: string, expected: unknown, code: string, path: Array<string | number> = ['field']) {
  const { status, body } = await service.gql(`{ field: ${field} ${SIBLING} }`);
  expect(status).toBe(200);
  expect(body.data).toEqual({ field: expected, providers: siblingData });
  expect(body.errors.map((error: any) => [error.path, error.extensions.code])).toEqual([[path, code]]);
}

describe.each([
  ['client', 'client(id: "nope") { id }', 'client(id: "daftra:512") { id }', null, null, ['field']],
  ['node', 'node(id: "nope") { id }', 'node(id: "daftra:512") { id }', null, null, ['field']],
  ['clients', 'clients(ids: ["fatora:1024", "nope"]) { id }', 'clients(ids: ["fatora:1024", "daftra:512"]) { id }',
    [{ id: 'fatora:1024' }, null], [{ id: 'fatora:1024' }, null], ['field', 1]],
  ['nodes', 'nodes(ids: ["fatora:1024", "nope"]) { id }', 'nodes(ids: ["fatora:1024", "daftra:512"]) { id }',
    [{ id: 'fatora:1024' }, null], [{ id: 'fatora:1024' }, null], ['field', 1]],
])('%s', (_name, badArgument, daftraField, badExpected, downExpected, path) => {
  test('a bad argument: this field (or entry) is null with BAD_USER_INPUT, the others keep their data', async () => {
    await expectPartial(badArgument, badExpected, 'BAD_USER_INPUT', path);
  });

  test('a provider down: this field (or entry) is null with UPSTREAM_UNAVAILABLE, the others keep their data', async () => {
    daftraDown();
    await expectPartial(daftraField, downExpected, 'UPSTREAM_UNAVAILABLE', path);
  });
});

describe('clientList', () => {
  test('a bad argument (first: 500): null with BAD_USER_INPUT, the others keep their data', async () => {
    await expectPartial('clientList(provider: FATORA, first: 500) { totalCount }', null, 'BAD_USER_INPUT');
  });

  test('a provider down: null with UPSTREAM_UNAVAILABLE, the others keep their data', async () => {
    daftraDown();
    await expectPartial('clientList(provider: DAFTRA) { totalCount }', null, 'UPSTREAM_UNAVAILABLE');
  });
});

describe('findClients', () => {
  test('a bad argument (nothing to find by): null with BAD_USER_INPUT, the others keep their data', async () => {
    await expectPartial('findClients { clients { id } }', null, 'BAD_USER_INPUT');
  });

  test('a provider down: its outcome says FAILED, the other providers\' matches and the sibling fields stay', async () => {
    daftraDown();
    const { body } = await service.gql(`{ findClients(email: "user@example.com") { clients { id } providers { provider status code } } ${SIBLING} }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.providers).toEqual(siblingData);
    const daftra = body.data.findClients.providers.find((outcome: any) => outcome.provider === 'DAFTRA');
    expect(daftra).toEqual({ provider: 'DAFTRA', status: 'FAILED', code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('createClient and updateClient', () => {
  test('a bad argument is a userError; a provider down nulls that mutation alone', async () => {
    daftraDown();
    const { body } = await service.gql(`mutation {
      bad: updateClient(id: "nope", input: { name: "X" }) { client { id } userErrors { code } }
      down: createClient(input: { provider: DAFTRA, name: "Down Ltd" }) { client { id } }
      fine: updateClient(id: "fatora:1024", input: { notes: "still here" }) { client { id notes } }
    }`);
    expect(body.data).toEqual({
      bad: { client: null, userErrors: [{ code: 'INVALID' }] },
      down: null,
      fine: { client: { id: 'fatora:1024', notes: 'still here' } },
    });
    expect(body.errors.map((error: any) => [error.path, error.extensions.code])).toEqual([[['down'], 'UPSTREAM_UNAVAILABLE']]);
  });
});
