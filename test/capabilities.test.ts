import { capabilitiesOf, pathOfField, type FieldCapability } from '../src/clients/field-table.js';
import { enumNameOf } from '../src/clients/provider.js';
import { providerModules } from '../src/providers/index.js';
import { startService, type TestService } from './helpers/service.js';

// The capabilities query is generated from each module's field table, and validation reads the
// same table: here every provider × field is written through the service, against the
// simulators, and must be accepted exactly when the table says so.

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());

const FIELDS = 'field key readable creatable updatable requiredOnCreate requiredOnUpdate format description';

test('providers lists every module with its label and its field table, as the modules declare them', async () => {
  const { body } = await service.gql(`{ providers { provider label configured exampleId fields { ${FIELDS} } } }`);
  expect(body.data.providers).toEqual(providerModules.map((module) => ({
    provider: enumNameOf(module.id),
    label: module.label,
    configured: true,
    exampleId: `${module.id}:${module.exampleId}`,
    fields: capabilitiesOf(module.fields).map(({ note, ...capability }) => ({ ...capability, description: note })),
  })));
});

let serial = 0;
/** A valid value for a field, unique where providers keep values unique (email, tax number, externalId). */
function valueFor(field: string): string {
  serial += 1;
  const values: Record<string, string> = {
    name: `Capable ${serial}`, email: `cap${serial}@capabilities.example`, phone: '+1 555 0100', mobile: '+1 555 0101',
    'address.line1': 'Line 1', 'address.line2': 'Line 2', 'address.city': 'City', 'address.region': 'Region',
    'address.postalCode': '1000-001', 'address.countryCode': 'PT', notes: 'A note', taxNumber: `PT7${String(serial).padStart(8, '0')}`,
    externalId: `CAP-${serial}`, locale: 'pt',
  };
  return values[field]!;
}

/** `fields` as a GraphQL input: "address.city" goes into the address object. */
function input(values: Record<string, string | null>): Record<string, unknown> {
  const result: Record<string, any> = {};
  for (const [field, value] of Object.entries(values)) {
    const [head, part] = field.split('.') as [string, string | undefined];
    if (part === undefined) result[head] = value;
    else result[head] = { ...(result[head] ?? {}), [part]: value };
  }
  return result;
}

const PAYLOAD = `client { id name email phone mobile notes taxNumber externalId locale address { line1 line2 city region postalCode countryCode } }
  userErrors { field code }`;
/** A field's value in a returned client: "address.city" → client.address.city. */
const read = (client: any, field: string) => field.split('.').reduce((value, key) => value?.[key], client);
const writableCaps = (caps: FieldCapability[]) => caps.filter((cap) => pathOfField(cap.field) !== null);

describe.each(providerModules.map((module) => [module.label, module] as const))('%s', (_label, module) => {
  const caps = capabilitiesOf(module.fields);
  const enumName = enumNameOf(module.id);
  const required = (on: 'create' | 'update') => Object.fromEntries(caps
    .filter((cap) => cap.requiredOnCreate || (on === 'update' && cap.requiredOnUpdate))
    .map((cap) => [cap.field, valueFor(cap.field)]));

  const create = async (values: Record<string, string | null>) => (await service.gql(
    `mutation ($input: CreateClientInput!) { createClient(input: $input) { ${PAYLOAD} } }`,
    { input: { provider: enumName, ...input(values) } },
  )).body.data.createClient;
  const update = async (id: string, values: Record<string, string | null>) => (await service.gql(
    `mutation ($id: ID!, $input: UpdateClientInput!) { updateClient(id: $id, input: $input) { ${PAYLOAD} } }`,
    { id, input: input(values) },
  )).body.data.updateClient;

  test.each(writableCaps(caps).map((cap) => [cap.field, cap] as const))('create with %s is accepted exactly when creatable', async (field, cap) => {
    const value = valueFor(field);
    const result = await create({ ...required('create'), [field]: value });
    if (cap.creatable) {
      expect(result.userErrors).toEqual([]);
      // What the provider stored reads back, where the provider shows the field.
      if (cap.readable) expect(read(result.client, field)).toBe(value);
    } else {
      expect(result.userErrors).toEqual([{ field: ['input', ...field.split('.')], code: 'UNSUPPORTED_FIELD' }]);
    }
  });

  test.each(writableCaps(caps).map((cap) => [cap.field, cap] as const))('update of %s is accepted exactly when updatable', async (field, cap) => {
    const created = await create(required('update'));
    expect(created.userErrors).toEqual([]);
    const value = valueFor(field);
    const result = await update(created.client.id, { [field]: value });
    if (cap.updatable) {
      expect(result.userErrors).toEqual([]);
      if (cap.readable) expect(read(result.client, field)).toBe(value);
    } else expect(result.userErrors).toEqual([{ field: ['input', ...field.split('.')], code: 'UNSUPPORTED_FIELD' }]);
  });

  test('a create without a field required on create is REQUIRED there; clearing one required on update is REQUIRED', async () => {
    for (const cap of caps.filter((c) => c.requiredOnCreate)) {
      // Given empty rather than left out: CreateClientInput.name is non-null in the schema itself.
      const result = await create({ ...required('create'), [cap.field]: '' });
      expect(result.userErrors).toContainEqual({ field: ['input', ...cap.field.split('.')], code: 'REQUIRED' });
    }
    const created = await create(required('update'));
    for (const cap of caps.filter((c) => c.requiredOnUpdate)) {
      const result = await update(created.client.id, { [cap.field]: null });
      expect(result.userErrors).toEqual([{ field: ['input', ...cap.field.split('.')], code: 'REQUIRED' }]);
    }
  });
});
