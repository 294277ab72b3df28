import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { postGraphQL, startService, type TestService } from './helpers/service.js';
import { startHiveGateway, type HiveGateway } from './helpers/hive-gateway.js';

const GID = '061d2feb-81c2-4694-a74a-13cecbe7d2ce';

/** A second subgraph, as another team would write it: invoices that reference our Client by id. */
const INVOICES = [
  { id: 'inv-1', total: 120.5, clientId: 'fatora:1024' },
  { id: 'inv-2', total: 75, clientId: 'daftra:512' },
  { id: 'inv-3', total: 10, clientId: `invisible-collector:${GID}` },
  { id: 'inv-4', total: 99.99, clientId: 'fatora:1024' },
  { id: 'inv-5', total: 5, clientId: 'fatora:999999' },
  { id: 'inv-6', total: 1, clientId: 'daftra:512' },
];

async function startInvoicesSubgraph() {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { invoices: [Invoice!]! }
    type Invoice { id: ID! total: Float! client: Client }
    type Client @key(fields: "id", resolvable: false) { id: ID! }
  `);
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs,
      resolvers: { Query: { invoices: () => INVOICES.map(({ clientId, ...invoice }) => ({ ...invoice, client: { id: clientId } })) } },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, typeDefs, stop: () => server.stop() };
}

let service: TestService;
let invoices: Awaited<ReturnType<typeof startInvoicesSubgraph>>;
let gateway: ApolloServer;
let gatewayUrl: string;
const fetchesToClients: string[] = [];
let hive: HiveGateway | undefined;
const hiveFetchesToClients: string[] = [];

beforeAll(async () => {
  service = await startService();
  invoices = await startInvoicesSubgraph();
  const sdl = (await service.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  const composed = composeServices([
    { name: 'clients', url: service.url, typeDefs: parse(sdl) },
    { name: 'invoices', url: invoices.url, typeDefs: invoices.typeDefs },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ name, url }) => new RemoteGraphQLDataSource({
        url: url!,
        willSendRequest: ({ request }) => { if (name === 'clients') fetchesToClients.push(request.query ?? ''); },
      }),
    }),
  });
  gatewayUrl = (await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } })).url;

  // The Guild's stack: composed with @theguild/federation-composition, served by Hive Gateway's runtime.
  const guild = composeWithTheGuild([
    { name: 'clients', url: service.url, typeDefs: parse(sdl) },
    { name: 'invoices', url: invoices.url, typeDefs: invoices.typeDefs },
  ]);
  if (guild.errors) throw new Error(guild.errors.map((e) => e.message).join('\n'));
  hive = await startHiveGateway({
    supergraph: guild.supergraphSdl,
    logging: false,
    plugins: () => [{
      onFetch({ url, options }) { if (url === service.url) hiveFetchesToClients.push(String(options.body ?? '')); },
    }],
  });
});

afterAll(async () => {
  await hive?.close();
  await gateway?.stop();
  await invoices?.stop();
  await service?.close();
});

beforeEach(() => {
  service.resetCalls();
  fetchesToClients.length = 0;
  hiveFetchesToClients.length = 0;
});

test('_service { sdl } carries the federation 2 link and the Client key', async () => {
  const sdl = (await service.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  expect(sdl).toContain('extend schema\n  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])');
  expect(sdl).toContain('type Client implements Node\n  @key(fields: "id")');
});

test('schema/schema.graphql and _service { sdl } compose to the same supergraph (with both composition libraries)', async () => {
  const sdl = (await service.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  const file = readFileSync('schema/schema.graphql', 'utf8');
  const compose = (typeDefs: string) => {
    const services = [{ name: 'clients', url: 'http://clients/graphql', typeDefs: parse(typeDefs) }];
    return [composeServices(services).supergraphSdl, composeWithTheGuild(services).supergraphSdl];
  };
  const [apolloFromFile, guildFromFile] = compose(file);
  const [apolloFromService, guildFromService] = compose(sdl);
  expect(apolloFromFile).toContain('type Client');
  expect(guildFromFile).toContain('type Client');
  expect(apolloFromFile).toBe(apolloFromService);
  expect(guildFromFile).toBe(guildFromService);
});

/** What both gateways answer to `{ invoices { id total client { id name email } } }`. */
const EXPECTED_FATORA = { id: 'fatora:1024', name: 'Client Name', email: 'client@fatora.example' };
const EXPECTED_DAFTRA = { id: 'daftra:512', name: 'John Smith', email: 'user@example.com' };
const EXPECTED_INVOICES = [
  { id: 'inv-1', total: 120.5, client: EXPECTED_FATORA },
  { id: 'inv-2', total: 75, client: EXPECTED_DAFTRA },
  { id: 'inv-3', total: 10, client: { id: `invisible-collector:${GID}`, name: 'John Doe Inc.', email: 'john@doe.example' } },
  { id: 'inv-4', total: 99.99, client: EXPECTED_FATORA },
  { id: 'inv-5', total: 5, client: null },
  { id: 'inv-6', total: 1, client: EXPECTED_DAFTRA },
];

/** One upstream call per distinct client id (the missing fatora:999999 included). */
function expectOneCallPerDistinctClient(): void {
  expect(service.fatora.calls.map((c) => c.path).sort()).toEqual(['/clients/1024', '/clients/999999']);
  expect(service.daftra.calls.map((c) => c.path)).toEqual(['/clients/512']);
  expect(service.ic.calls.map((c) => c.path)).toEqual([`/customers/${GID}`]);
}

test('a gateway resolves Invoice.client across all three providers in one _entities fetch', async () => {
  const { body } = await postGraphQL(gatewayUrl, '{ invoices { id total client { id name email } } }');
  expect(body.errors).toBeUndefined();
  expect(body.data.invoices).toEqual(EXPECTED_INVOICES);
  expect(fetchesToClients).toHaveLength(1);
  expect(fetchesToClients[0]).toContain('_entities');
  expectOneCallPerDistinctClient();
});

test('Hive Gateway (The Guild\'s composition) resolves the same query to the same values in one _entities fetch', async () => {
  const { body } = await postGraphQL(hive!.url, '{ invoices { id total client { id name email } } }');
  // Hive Gateway reports our null for the missing client (inv-5) as an error on its non-null
  // `name` as well (masked by default); the data is the same as Apollo Gateway's.
  expect(body.errors).toEqual([{
    message: 'Unexpected error.',
    locations: [{ line: 1, column: 35 }],
    path: ['invoices', 4, 'client', 'name'],
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  }]);
  expect(body.data.invoices).toEqual(EXPECTED_INVOICES);
  expect(hiveFetchesToClients).toHaveLength(1);
  expect(hiveFetchesToClients[0]).toContain('_entities');
  expectOneCallPerDistinctClient();
});

describe('federated traces (ftv1), what a gateway gets when it asks for them', () => {
  const QUERY = '{ client(id: "fatora:1024") { id name } }';

  test('a request with apollo-federation-include-trace: ftv1 answers its trace; one without answers none', async () => {
    const traced = await service.gql(QUERY, undefined, { 'apollo-federation-include-trace': 'ftv1' });
    expect(traced.body.data).toEqual({ client: { id: 'fatora:1024', name: 'Client Name' } });
    const { extensions } = traced.body as { extensions: Record<string, string> };
    expect(Object.keys(extensions)).toEqual(['ftv1']);
    const trace = Trace.decode(Buffer.from(extensions.ftv1!, 'base64'));
    const [client] = trace.root!.child!;
    expect(client!.responseName).toBe('client');
    expect(client!.parentType).toBe('Query');
    expect(client!.child!.map((field) => field.responseName)).toEqual(['id', 'name']);

    const plain = await service.gql(QUERY);
    expect(plain.body).toEqual({ data: { client: { id: 'fatora:1024', name: 'Client Name' } } });
  });
});

describe('_entities on the subgraph directly', () => {
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id name } } }';

  test('keeps order, repeats cost one call, unknown is null, a malformed id fails that entity alone', async () => {
    const r = [
      { __typename: 'Client', id: 'daftra:513' },
      { __typename: 'Client', id: 'fatora:nope' },
      { __typename: 'Client', id: 'daftra:513' },
      { __typename: 'Client', id: 'invisible-collector:nobody' },
      { __typename: 'Client', id: 'fatora:1025' },
    ];
    const { body } = await service.gql(ENTITIES, { r });
    expect(body.data._entities).toEqual([
      { id: 'daftra:513', name: 'Mona Hassan' },
      null,
      { id: 'daftra:513', name: 'Mona Hassan' },
      null,
      { id: 'fatora:1025', name: 'Nour Trading' },
    ]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(['_entities', 1]);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(service.daftra.calls).toHaveLength(1);
    expect(service.fatora.calls).toHaveLength(1);
    expect(service.ic.calls).toHaveLength(1);
  });
});

describe('_entities: unknown types and the entity budget', () => {
  const ENTITIES = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id name } } }';

  test('an unknown __typename is an error for that entity alone; the request log line counts the upstream calls made', async () => {
    const r = [
      { __typename: 'Client', id: 'fatora:1024' },
      { __typename: 'Invoice', id: 'inv-1' },
      { __typename: 'Client', id: 'daftra:512' },
    ];
    const { body } = await service.gql(ENTITIES, { r }, { 'x-request-id': 'entities-unknown-type' });
    expect(body.data._entities).toEqual([{ id: 'fatora:1024', name: 'Client Name' }, null, { id: 'daftra:512', name: 'John Smith' }]);
    expect(body.errors).toEqual([{
      message: '_entities got a representation of type "Invoice", which this subgraph does not define; it resolves Client',
      locations: [{ line: 1, column: 24 }],
      path: ['_entities', 1],
      extensions: { code: 'BAD_USER_INPUT' },
    }]);
    expect(service.logs.find((line) => line.requestId === 'entities-unknown-type')).toMatchObject({
      msg: 'graphql request', upstreamCalls: 2, errorCodes: ['BAD_USER_INPUT'],
    });
  });

  test('a gateway batch of 406 distinct clients is served in full (MAX_ENTITY_LOOKUPS, not MAX_UPSTREAM_LOOKUPS)', async () => {
    // The simulator holds 200 load clients (3000-3199); the other 206 ids do not exist (null).
    const r = Array.from({ length: 406 }, (_, i) => ({ __typename: 'Client', id: `fatora:${3000 + i}` }));
    const { body } = await service.gql('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Client { id } } }', { r });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual(r.map(({ id }, i) => (i < 200 ? { id } : null)));
    expect(service.fatora.calls).toHaveLength(406);
    // Still at UPSTREAM_CONCURRENCY (8) calls at once.
    expect(service.fatora.maxInFlight).toBeLessThanOrEqual(8);
  });

  test('past MAX_ENTITY_LOOKUPS an _entities call is refused before any upstream call', async () => {
    const small = await startService({ env: { MAX_ENTITY_LOOKUPS: '5', MAX_UPSTREAM_LOOKUPS: '100' } });
    try {
      const r = Array.from({ length: 6 }, (_, i) => ({ __typename: 'Client', id: `fatora:${4000 + i}` }));
      const { status, body } = await small.gql(ENTITIES, { r });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{
        message: 'This _entities call holds 6 distinct representations; the limit is 5 (MAX_ENTITY_LOOKUPS).',
        extensions: { code: 'UPSTREAM_LOOKUP_LIMIT_EXCEEDED', lookups: 6, limit: 5 },
      }]);
      expect(small.fatora.calls).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});
