import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import { GraphQLSchema, isSpecifiedDirective, printSchema } from 'graphql';

/**
 * The schema as a frontend sees it: no federation directives, no `_service`/`_entities` or
 * the types only they use. It is what relay-compiler, graphql-js `buildSchema`, graphql-eslint
 * and editors load (they do not know `@link` or `@key`); `.graphqlrc.yml` points at it.
 */
export function printClientSdl(schema: GraphQLSchema): string {
  const withoutFederation = pruneSchema(mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => (name.startsWith('_') ? null : field),
  }));
  const config = withoutFederation.toConfig();
  const plain = new GraphQLSchema({
    ...config,
    directives: config.directives.filter(isSpecifiedDirective),
    types: config.types.filter((type) => !type.name.startsWith('link__') && !type.name.startsWith('federation__') && !type.name.startsWith('_')),
  });
  return `${printSchema(plain)}\n`;
}

/** Relative to the repository root, beside the federation SDL. */
export const CLIENT_SCHEMA_PATH = 'schema/client.graphql';
