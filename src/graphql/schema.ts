import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { ClientListResolver } from './client-list.resolver.js';
import { ClientResolver } from './client.resolver.js';
import { ClientMatchesResolver } from './client.matches.resolver.js';
import { ClientCopyResolver } from './client.copy.resolver.js';
import { entitiesPerRepresentation, resolveClientReference } from './client.reference.js';
import type { ProviderFacts } from '../clients/provider.js';
import { registerProviderEnum } from './provider-enum.js';
import { addListNotes } from './list-notes.js';
import { addProviderNotes } from './provider-notes.js';

/**
 * The executable schema: type-graphql classes turned into an Apollo Federation 2 subgraph,
 * the pattern of type-graphql's own apollo-federation-2 example. Built once at boot, for the
 * providers given (the list of provider modules): they make the Provider enum.
 */
export async function createSchema(providers: readonly ProviderFacts[]): Promise<GraphQLSchema> {
  registerProviderEnum(providers);
  const schema = await buildSchema({
    resolvers: [ClientResolver, ClientListResolver, ClientMatchesResolver, ClientCopyResolver],
    // Inputs are checked by our own rules (clients/validation.ts), which answer with
    // userErrors instead of throwing.
    validate: false,
  });
  addProviderNotes(schema, providers);
  addListNotes(schema, providers);
  const resolvers = createResolversMap(schema) as Record<string, object>;
  return entitiesPerRepresentation(buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
      ${printSchemaWithDirectives(schema)}
    `),
    resolvers: {
      ...resolvers,
      Client: { ...resolvers.Client, __resolveReference: resolveClientReference },
    } as never,
  }));
}
