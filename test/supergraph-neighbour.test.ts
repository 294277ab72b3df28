import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { parse, type DocumentNode } from 'graphql';
import { postGraphQL, startService, type TestService } from './helpers/service.js';
import { startHiveGateway, type HiveGateway } from './helpers/hive-gateway.js';

/**
 * Another Relay-style subgraph, as most are written: its own Node interface and node types,
 * its own PageInfo (Relay's four fields, @shareable), Address and UserError of its own shape,
 * and a reference to our Client. Ours must compose beside it and answer across both.
 */
const CATALOG = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
  interface Node { id: ID! }
  type Product implements Node @key(fields: "id") { id: ID! name: String! address: Address supplier: Client }
  type Address { street: String city: String country: String }
  type UserError { message: String! path: [String!] }
  type PageInfo @shareable { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type ProductEdge { cursor: String! node: Product! }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
  type ProductPayload { product: Product userErrors: [UserError!]! }
  type Query { products(first: Int, after: String): ProductConnection! }
  type Mutation { renameProduct(id: ID!, name: String!): ProductPayload }
  type Client @key(fields: "id", resolvable: false) { id: ID! }
`);

const product = { id: 'UHJvZHVjdDox', name: 'Olive oil', address: { street: 'Rua 1', city: 'Porto', country: 'PT' }, supplier: { id: 'daftra:512' } };

async function startCatalog() {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: CATALOG,
      resolvers: {
        Query: {
          products: () => ({
            edges: [{ cursor: 'c1', node: product }],
            pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c1' },
          }),
        },
        Mutation: { renameProduct: () => ({ product: null, userErrors: [{ message: 'read-only', path: ['name'] }] }) },
      } as never,
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

let service: TestService;
let catalog: Awaited<ReturnType<typeof startCatalog>>;
let apollo: ApolloServer;
let hive: HiveGateway | undefined;
const urls: Record<string, string> = {};

beforeAll(async () => {
  service = await startService();
  catalog = await startCatalog();
  const sdl = (await service.gql('{ _service { sdl } }')).body.data._service.sdl as string;
  const services = (): Array<{ name: string; url: string; typeDefs: DocumentNode }> => [
    { name: 'clients', url: service.url, typeDefs: parse(sdl) },
    { name: 'catalog', url: catalog.url, typeDefs: CATALOG },
  ];
  const composed = composeServices(services());
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
  urls.apollo = (await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } })).url;

  const guild = composeWithTheGuild(services());
  if (guild.errors) throw new Error(guild.errors.map((e) => e.message).join('\n'));
  hive = await startHiveGateway({ supergraph: guild.supergraphSdl, logging: false });
  urls.hive = hive.url;
});

afterAll(async () => {
  await hive?.close();
  await apollo?.stop();
  await catalog?.stop();
  await service?.close();
});

const ACROSS = `{
  products(first: 1) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id name address { city } supplier { id name address { formatted } } } }
  }
  clientList(provider: FATORA, first: 2) {
    pageInfo { hasNextPage hasPreviousPage }
    edges { node { id name } }
  }
  node(id: "fatora:1024") { id ... on Client { name } }
}`;

test.each(['apollo', 'hive'])('composed beside a Relay subgraph with its own Node, PageInfo, Address and UserError, %s gateway answers across both', async (gateway) => {
  const { body } = await postGraphQL(urls[gateway]!, ACROSS);
  expect(body.errors).toBeUndefined();
  expect(body.data).toEqual({
    products: {
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c1' },
      edges: [{ node: { id: 'UHJvZHVjdDox', name: 'Olive oil', address: { city: 'Porto' }, supplier: { id: 'daftra:512', name: 'John Smith', address: { formatted: expect.any(String) } } } }],
    },
    clientList: { pageInfo: { hasNextPage: true, hasPreviousPage: false }, edges: [{ node: { id: 'fatora:1024', name: 'Client Name' } }, { node: { id: 'fatora:1025', name: 'Nour Trading' } }] },
    node: { id: 'fatora:1024', name: 'Client Name' },
  });
});
