import { isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { ADDRESS_PARTS, RECORD_FIELDS, WRITABLE_FIELDS } from '../src/clients/client.js';
import { CLIENT_FIELDS } from '../src/clients/field-table.js';
import { createSchema } from '../src/graphql/schema.js';
import { providerModules } from '../src/providers/index.js';

// The core's one list of Client fields (clients/client.ts) is what the GraphQL types show and
// take: `implements` makes the compiler catch a field the classes lack; this catches one they
// have and the core does not, and a field the schema shows in another order than the tables.

let schema: GraphQLSchema;
beforeAll(async () => { schema = await createSchema(providerModules); });

function fieldsOf(typeName: string): string[] {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInputObjectType(type)) throw new Error(`${typeName} is not an object or input type`);
  return Object.keys(type.getFields());
}

test.each<[typeName: string, expected: () => readonly string[]]>([
  // …and `matches`, worked out by its own resolver (client.matches.resolver.ts), not a record field.
  ['Client', () => ['id', 'provider', 'providerId', ...RECORD_FIELDS, 'raw', 'matches']],
  ['ClientAddress', () => [...ADDRESS_PARTS, 'formatted']],
  ['ClientAddressInput', () => ADDRESS_PARTS],
  // type-graphql lists a subclass's own fields after the ones it inherits.
  ['CreateClientInput', () => [...WRITABLE_FIELDS.filter((field) => field !== 'name'), 'provider', 'name']],
  ['UpdateClientInput', () => [...WRITABLE_FIELDS.filter((field) => field !== 'name'), 'name']],
])('the GraphQL type %s has exactly the fields of the core list', (typeName, expected) => {
  expect(fieldsOf(typeName)).toEqual(expected());
});

test('the field tables list every Client field of the core list, the address by its parts', () => {
  expect(CLIENT_FIELDS).toEqual([
    'name', 'email', 'phone', 'mobile',
    'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.countryCode',
    'notes', 'taxNumber', 'externalId', 'locale', 'currency', 'clientNumber',
  ]);
  expect(CLIENT_FIELDS.filter((field) => !field.startsWith('address.'))).toEqual(RECORD_FIELDS.filter((field) => field !== 'address'));
});
