import { startService, type TestService } from './helpers/service.js';

/** Relay's Global Object Identification: node and nodes are client and clients under Relay's names. */
let service: TestService;
beforeAll(async () => { service = await startService({ env: { MAX_UPSTREAM_LOOKUPS: '3' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

test('node(id) refetches a Client by its global id, typed through the Node interface', async () => {
  const { body } = await service.gql(`{ node(id: "fatora:1024") { __typename id ... on Client { name provider } } }`);
  expect(body).toEqual({ data: { node: { __typename: 'Client', id: 'fatora:1024', name: 'Client Name', provider: 'FATORA' } } });
});

test('node is null for an id whose provider says it does not exist, and an error for a malformed id', async () => {
  const { body } = await service.gql(`{ missing: node(id: "daftra:999999") { id } bad: node(id: "nope") { id } }`);
  expect(body.data).toEqual({ missing: null, bad: null });
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].path).toEqual(['bad']);
  expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

test('nodes answers in the order asked, null where missing, one upstream call per distinct id', async () => {
  const { body } = await service.gql(`{ nodes(ids: ["daftra:512", "fatora:1024", "daftra:512", "fatora:999999"]) { id ... on Client { name } } }`);
  expect(body).toEqual({ data: { nodes: [
    { id: 'daftra:512', name: 'John Smith' }, { id: 'fatora:1024', name: 'Client Name' }, { id: 'daftra:512', name: 'John Smith' }, null,
  ] } });
  expect(service.daftra.count('GET', /^\/clients\/512/)).toBe(1);
  expect(service.fatora.count('GET', /^\/clients\/1024$/)).toBe(1);
});

test('node, nodes, client and clients share one loader: the same id asked through each costs one call', async () => {
  const { body } = await service.gql(`{ node(id: "fatora:1025") { id } nodes(ids: ["fatora:1025"]) { id } client(id: "fatora:1025") { id } clients(ids: ["fatora:1025"]) { id } }`);
  expect(body.errors).toBeUndefined();
  expect(service.fatora.count('GET', /^\/clients\/1025$/)).toBe(1);
});

test('node and nodes count against MAX_UPSTREAM_LOOKUPS like client and clients', async () => {
  const { status, body } = await service.gql(`{ node(id: "fatora:1024") { id } nodes(ids: ["daftra:512", "daftra:513", "daftra:514"]) { id } }`);
  expect(status).toBe(400);
  expect(body.errors[0].extensions.code).toBe('UPSTREAM_LOOKUP_LIMIT_EXCEEDED');
  expect(body.errors[0].extensions.lookups).toBe(4);
  expect(service.daftra.calls).toHaveLength(0);
});
