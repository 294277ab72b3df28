import type { PlainClient, PlainSources } from './datasources.js';

/**
 * The plain build's schema: the part of ours the bench scenarios use, as plain SDL and
 * resolvers. It has no federation, so `_entities` is measured against `clients(ids)` here.
 */

export const typeDefs = `#graphql
  enum Provider { FATORA DAFTRA INVISIBLE_COLLECTOR }
  type Client { id: ID! name: String! }
  type UserError { field: [String!]! message: String! code: String! }
  type ClientPayload { client: Client userErrors: [UserError!]! }
  input CreateClientInput { provider: Provider! name: String! }
  type Query {
    client(id: ID!): Client
    clients(ids: [ID!]!): [Client]!
  }
  type Mutation { createClient(input: CreateClientInput!): ClientPayload }
`;

export interface PlainContext {
  dataSources: PlainSources;
}

function lookup(sources: PlainSources, globalId: string): Promise<PlainClient | null> {
  const at = globalId.indexOf(':');
  const provider = globalId.slice(0, at) as keyof PlainSources;
  const source = sources[provider];
  if (at < 1 || !source) throw new Error(`"${globalId}" is not a client id`);
  return source.getClient(globalId.slice(at + 1));
}

export const resolvers = {
  Query: {
    client: (_: unknown, { id }: { id: string }, { dataSources }: PlainContext) => lookup(dataSources, id),
    clients: (_: unknown, { ids }: { ids: string[] }, { dataSources }: PlainContext) => ids.map((id) => lookup(dataSources, id)),
  },
  Mutation: {
    createClient: async (_: unknown, { input }: { input: { provider: string; name: string } }, { dataSources }: PlainContext) => {
      if (input.provider !== 'FATORA') throw new Error('the plain build creates at Fatora only');
      return { client: await dataSources.fatora.createClient(input.name), userErrors: [] };
    },
  },
};
