import { Provider } from '../src/providers/index.js';
import { DAFTRA_SIMULATOR_API_KEY } from '../src/providers/daftra/simulator.js';
import { ClientDocument, ClientsDocument, ProvidersDocument } from './generated/graphql.js';
import { PROVIDER_ENUM_NAMES } from './helpers/providers.js';
import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

describe('client(id) maps each provider exactly', () => {
  test('Fatora: address string becomes line1 and formatted, `notes` read', async () => {
    const { body } = await service.op(ClientDocument, { id: 'fatora:1024' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.client).toEqual({
      id: 'fatora:1024',
      provider: 'FATORA',
      providerId: '1024',
      name: 'Client Name',
      email: 'client@fatora.example',
      phone: 'Client Phone',
      mobile: null,
      notes: 'Additional notes',
      taxNumber: null,
      externalId: null,
      locale: null,
      currency: null,
      clientNumber: null,
      address: { line1: 'Client Address', line2: null, city: null, region: null, postalCode: null, countryCode: null, formatted: 'Client Address' },
      raw: { id: 1024, name: 'Client Name', address: 'Client Address', phone: 'Client Phone', email: 'client@fatora.example', notes: 'Additional notes' },
    });
    expect(service.fatora.count('GET', /^\/clients\/1024$/)).toBe(1);
  });

  test('Fatora: a client answered with `note` instead of `notes` keeps its notes', async () => {
    const { body } = await service.gql(`{ client(id: "fatora:1025") { notes raw } }`);
    expect(body.data.client.notes).toBe('Pays quarterly');
    expect(body.data.client.raw.note).toBe('Pays quarterly');
  });

  test('Fatora: empty strings are null, and an empty address is null', async () => {
    const { body } = await service.gql(`{ client(id: "fatora:1026") { name email phone notes address { line1 } } }`);
    expect(body.data.client).toEqual({ name: 'Walk-in Customer', email: null, phone: null, notes: null, address: null });
  });

  test('Daftra: every mapped field, raw exactly as received', async () => {
    const { body } = await service.op(ClientDocument, { id: 'daftra:512' });
    expect(body.errors).toBeUndefined();
    const client = body.data!.client!;
    const { raw, ...mapped } = client;
    expect(mapped).toEqual({
      id: 'daftra:512',
      provider: 'DAFTRA',
      providerId: '512',
      name: 'John Smith',
      email: 'user@example.com',
      phone: '+20 2 0000 0001',
      mobile: '+20 100 000 0001',
      notes: 'VIP',
      taxNumber: '300-123-456',
      externalId: null,
      locale: null,
      currency: 'EGP',
      clientNumber: '0000715',
      address: {
        line1: '12 Nile Street', line2: 'Floor 3', city: 'Cairo', region: 'Cairo Governorate', postalCode: '11511', countryCode: 'EG',
        formatted: '12 Nile Street, Floor 3, Cairo, Cairo Governorate, 11511, EG',
      },
    });
    expect(raw.id).toBe(512);
    expect(raw.business_name).toBe('John Smith');
    expect(raw.bn1_label).toBeDefined();
    expect(raw.created).toBeDefined();
  });

  test('Daftra: without a business name, the name is first and last name', async () => {
    const { body } = await service.gql(`{ client(id: "daftra:513") { name email raw } }`);
    expect(body.data.client.name).toBe('Mona Hassan');
    expect(body.data.client.raw.business_name).toBe('');
  });

  test('Invisible Collector: every mapped field, absent keys stay absent in raw', async () => {
    const { body } = await service.op(ClientDocument, { id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.client).toEqual({
      id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce',
      provider: 'INVISIBLE_COLLECTOR',
      providerId: '061d2feb-81c2-4694-a74a-13cecbe7d2ce',
      name: 'John Doe Inc.',
      email: 'john@doe.example',
      phone: '555-555-555',
      mobile: '444-444-444',
      notes: null,
      taxNumber: 'PT543219876',
      externalId: '345',
      locale: 'pt',
      currency: null,
      clientNumber: null,
      address: {
        line1: 'Invisible Avenue, 456', line2: null, city: 'Lisbon', region: null, postalCode: '1234-543', countryCode: 'PT',
        formatted: 'Invisible Avenue, 456, 1234-543 Lisbon, PT',
      },
      raw: {
        name: 'John Doe Inc.', vatNumber: 'PT543219876', address: 'Invisible Avenue, 456', zipCode: '1234-543', city: 'Lisbon',
        country: 'PT', email: 'john@doe.example', phone: '555-555-555', mobile: '444-444-444', externalId: '345',
        gid: '061d2feb-81c2-4694-a74a-13cecbe7d2ce', locale: 'pt',
      },
    });
  });

  test('Invisible Collector: a customer can be read by its externalId; the id is still its gid', async () => {
    const { body } = await service.gql(`{ client(id: "invisible-collector:345") { id providerId externalId } }`);
    expect(body.data!.client).toEqual({
      id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce',
      providerId: '061d2feb-81c2-4694-a74a-13cecbe7d2ce',
      externalId: '345',
    });
    expect(service.ic.calls.map((c) => c.path)).toEqual(['/customers/345']);
  });
});

describe('missing clients', () => {
  test.each(['fatora:999999', 'daftra:999999', 'invisible-collector:no-such-customer'])('%s is null with no error', async (id) => {
    const { status, body } = await service.op(ClientDocument, { id });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { client: null } });
  });
});

describe('clients(ids)', () => {
  test('keeps the order, gives null where missing, one upstream call per distinct id', async () => {
    const ids = [
      'daftra:512', 'fatora:1024', 'fatora:1024', 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce',
      'fatora:999999', 'daftra:512', 'fatora:1025',
    ];
    const { body } = await service.op(ClientsDocument, { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data!.clients).toEqual([
      { id: 'daftra:512', name: 'John Smith' },
      { id: 'fatora:1024', name: 'Client Name' },
      { id: 'fatora:1024', name: 'Client Name' },
      { id: 'invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce', name: 'John Doe Inc.' },
      null,
      { id: 'daftra:512', name: 'John Smith' },
      { id: 'fatora:1025', name: 'Nour Trading' },
    ]);
    expect(service.fatora.calls.map((c) => c.path).sort()).toEqual(['/clients/1024', '/clients/1025', '/clients/999999']);
    expect(service.daftra.calls.map((c) => c.path)).toEqual(['/clients/512']);
    expect(service.ic.calls).toHaveLength(1);
  });

  test('aliases of the same client across fields cost one call', async () => {
    const { body } = await service.gql(`{
      a: client(id: "fatora:1024") { name }
      b: client(id: "fatora:1024") { email }
      c: clients(ids: ["fatora:1024", "fatora:1024"]) { phone }
    }`);
    expect(body.data).toEqual({
      a: { name: 'Client Name' },
      b: { email: 'client@fatora.example' },
      c: [{ phone: 'Client Phone' }, { phone: 'Client Phone' }],
    });
    expect(service.fatora.calls).toHaveLength(1);
  });

  test('a malformed id is an error for that entry alone', async () => {
    const { body } = await service.gql(`{ clients(ids: ["fatora:1024", "fatora:abc"]) { id } }`);
    expect(body.data.clients).toEqual([{ id: 'fatora:1024' }, null]);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.path).toEqual(['clients', 1]);
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

test('providers lists every provider as configured', async () => {
  const { body } = await service.op(ProvidersDocument);
  expect(body.data!.providers).toEqual(PROVIDER_ENUM_NAMES.map((provider) => ({ provider, configured: true })));
  expect(body.data!.providers.slice(0, 3)).toEqual([
    { provider: 'FATORA', configured: true },
    { provider: 'DAFTRA', configured: true },
    { provider: 'INVISIBLE_COLLECTOR', configured: true },
  ]);
});

test("Daftra's deprecated apikey header works as its credential", async () => {
  const keyed = await startService({
    providers: { [Provider.DAFTRA]: { baseUrl: service.daftra.url, headers: { apikey: DAFTRA_SIMULATOR_API_KEY } } },
  });
  try {
    const { body } = await keyed.gql(`{ client(id: "daftra:514") { name } }`);
    expect(body).toEqual({ data: { client: { name: 'Delta Foods' } } });
    expect(service.daftra.calls.map((c) => c.path)).toEqual(['/clients/514']);
  } finally {
    await keyed.close();
  }
});
