import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';

/** The subgraph SDL, directives included, as checked in at schema/schema.graphql. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSubgraphSchema(schema)}\n`;
}

/** Relative to the repository root, where npm scripts and jest run. */
export const SCHEMA_PATH = 'schema/schema.graphql';
