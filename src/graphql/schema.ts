import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { ClientListResolver, ProviderFiltersResolver } from './client-list.resolver.js';
import { ClientResolver } from './client.resolver.js';
import { resolveClientReference } from './client.reference.js';

/**
 * The executable schema: type-graphql classes turned into an Apollo Federation 2 subgraph,
 * the pattern of type-graphql's own apollo-federation-2 example. Built once at boot.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [ClientResolver, ClientListResolver, ProviderFiltersResolver],
    // Inputs are checked by our own rules (clients/validation.ts), which answer with
    // userErrors instead of throwing.
    validate: false,
  });
  const resolvers = createResolversMap(schema) as Record<string, object>;
  return buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      ${printSchemaWithDirectives(schema)}
    `),
    resolvers: {
      ...resolvers,
      Client: { ...resolvers.Client, __resolveReference: resolveClientReference },
    } as never,
  });
}
