import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ClientResolver } from './client.resolver.js';

/** The executable schema, built once at boot from the type-graphql classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ClientResolver],
    // Inputs are checked by our own rules (clients/validation.ts), which answer with
    // userErrors instead of throwing.
    validate: false,
  });
}
