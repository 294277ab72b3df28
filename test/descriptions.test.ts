import { providerModules } from '../src/providers/index.js';
import { isEnumType, isInputObjectType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { createSchema } from '../src/graphql/schema.js';

/** Everything Sandbox shows a frontend developer, by name, that has no description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const federation = (name: string) => name.startsWith('_') || name.startsWith('link__') || name.startsWith('federation__');
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type) || federation(type.name)) continue;
    if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (federation(field.name)) continue;
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing;
}

test('every type, field, argument and enum value has a description', async () => {
  expect(undescribed(await createSchema(providerModules))).toEqual([]);
});
