import { isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { ADDRESS_PARTS, RECORD_FIELDS, WRITABLE_FIELDS } from '../src/clients/client.js';
import { CLIENT_FIELDS } from '../src/clients/field-table.js';
import { addressOrNull, clientRecord } from '../src/clients/fields.js';
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

test('a mapper states only what it maps: every other field of the record is null, in the core list\'s order', () => {
  const record = clientRecord('fatora', '7', { id: 7 }, { name: 'N', email: 'e@x.example' });
  expect(Object.keys(record)).toEqual(['id', 'provider', 'providerId', ...RECORD_FIELDS, 'raw']);
  expect(record).toEqual({
    id: 'fatora:7', provider: 'fatora', providerId: '7', name: 'N', email: 'e@x.example', phone: null, mobile: null,
    address: null, notes: null, taxNumber: null, externalId: null, locale: null, currency: null, clientNumber: null, raw: { id: 7 },
  });
});

test.each<[parts: Parameters<typeof addressOrNull>[0], formatted: string | null, expected: ReturnType<typeof addressOrNull>]>([
  [{ line1: 'L' }, 'L', { line1: 'L', line2: null, city: null, region: null, postalCode: null, countryCode: null, formatted: 'L' }],
  [{ city: 'C', countryCode: 'PT' }, 'C, PT', { line1: null, line2: null, city: 'C', region: null, postalCode: null, countryCode: 'PT', formatted: 'C, PT' }],
  [{ line1: null, city: null }, null, null],
  [{}, null, null],
  [{}, 'only formatted', { line1: null, line2: null, city: null, region: null, postalCode: null, countryCode: null, formatted: 'only formatted' }],
])('addressOrNull(%j, %j): the parts a provider keeps, the rest null; null when nothing is kept', (parts, formatted, expected) => {
  expect(addressOrNull(parts, formatted)).toEqual(expected);
});
