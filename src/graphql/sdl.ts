import { printSchema, type GraphQLSchema } from 'graphql';

/** The SDL as checked in at schema/schema.graphql. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(schema)}\n`;
}

/** Relative to the repository root, where npm scripts and jest run. */
export const SCHEMA_PATH = 'schema/schema.graphql';
