import {
  CreateClientDocument, UpdateClientDocument, type CreateClientInput, type UpdateClientInput,
} from './generated/graphql.js';
import { KNOWN_PREFIXES } from './helpers/providers.js';
import { startService, type TestService } from './helpers/service.js';

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const create = async (input: CreateClientInput) => {
  const { body } = await service.op(CreateClientDocument, { input });
  expect(body.errors).toBeUndefined();
  return body.data!.createClient!;
};
const update = async (id: string, input: UpdateClientInput) => {
  const { body } = await service.op(UpdateClientDocument, { id, input });
  expect(body.errors).toBeUndefined();
  return body.data!.updateClient!;
};
const writes = () => [service.fatora, service.daftra, service.ic].flatMap((sim) => sim.calls.filter((c) => c.method !== 'GET'));

describe('Fatora', () => {
  test('create sends the documented body and returns the created client', async () => {
    const result = await create({
      provider: 'FATORA', name: 'Acme Trading', email: 'ap@acme.example', phone: '+966 11 222 3333',
      address: { line1: '1 Olaya St', city: 'Riyadh', countryCode: 'SA' }, notes: 'Net 30',
    });
    expect(result.userErrors).toEqual([]);
    const id = result.client!.providerId;
    expect(service.fatora.calls).toEqual([{
      method: 'POST', path: '/clients', requestId: expect.any(String),
      body: { name: 'Acme Trading', address: '1 Olaya St, Riyadh, SA', phone: '+966 11 222 3333', email: 'ap@acme.example', notes: 'Net 30' },
    }]);
    expect(result.client).toMatchObject({
      id: `fatora:${id}`, provider: 'FATORA', name: 'Acme Trading', email: 'ap@acme.example', phone: '+966 11 222 3333',
      notes: 'Net 30', mobile: null,
      address: { line1: '1 Olaya St, Riyadh, SA', line2: null, city: null, region: null, postalCode: null, countryCode: null, formatted: '1 Olaya St, Riyadh, SA' },
    });
    expect(result.client!.raw.note).toBe('Net 30');
  });

  test('update reads, merges and PUTs the whole record: only the given fields change', async () => {
    const { client } = await create({ provider: 'FATORA', name: 'Merge Co', email: 'merge@co.example', phone: '1', address: { line1: 'Old Road 1' }, notes: 'keep me' });
    service.resetCalls();
    const result = await update(client!.id, { phone: '2', notes: null });
    expect(result.userErrors).toEqual([]);
    expect(service.fatora.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /clients/${client!.providerId}`, `PUT /clients/${client!.providerId}`]);
    expect(service.fatora.calls[1]!.body).toEqual({ name: 'Merge Co', address: 'Old Road 1', phone: '2', email: 'merge@co.example', notes: '' });
    expect(result.client).toMatchObject({ name: 'Merge Co', phone: '2', notes: null, email: 'merge@co.example', address: { line1: 'Old Road 1' } });
    const reread = await service.gql(`query ($id: ID!) { client(id: $id) { phone notes } }`, { id: client!.id });
    expect(reread.body.data.client).toEqual({ phone: '2', notes: null });
  });

  test('an address in an update replaces Fatora\'s one address text whole (parts cannot be merged into text)', async () => {
    const { client } = await create({ provider: 'FATORA', name: 'Moving Co', email: 'move@co.example', address: { line1: 'King Fahd Road 12', city: 'Riyadh' } });
    expect(client!.address!.formatted).toBe('King Fahd Road 12, Riyadh');
    const result = await update(client!.id, { address: { city: 'Jeddah' } });
    expect(result.client!.address).toMatchObject({ line1: 'Jeddah', formatted: 'Jeddah' });
  });

  test('update without an email to keep is REQUIRED (Fatora needs one), and nothing is written', async () => {
    const result = await update('fatora:1026', { name: 'Walk-in' });
    expect(result).toEqual({ client: null, userErrors: [{ field: ['input', 'email'], message: 'Fatora requires email', code: 'REQUIRED' }] });
    const cleared = await update('fatora:1024', { email: null });
    expect(cleared.userErrors).toEqual([{ field: ['input', 'email'], message: 'Fatora requires email', code: 'REQUIRED' }]);
    expect(writes()).toEqual([]);
  });

  test('fields Fatora cannot store are UNSUPPORTED_FIELD, each named, nothing written', async () => {
    const result = await create({ provider: 'FATORA', name: 'X', mobile: '1', taxNumber: 'T', externalId: 'E', locale: 'en', notes: 'fine' });
    expect(result.client).toBeNull();
    expect(result.userErrors).toEqual([
      { field: ['input', 'mobile'], message: 'Fatora has no place for mobile; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
      { field: ['input', 'taxNumber'], message: 'Fatora has no place for taxNumber; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
      { field: ['input', 'externalId'], message: 'Fatora has no place for externalId; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
      { field: ['input', 'locale'], message: 'Fatora has no place for locale; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
    ]);
    expect(writes()).toEqual([]);
  });

  test('a duplicate email is CONFLICT with the provider message', async () => {
    const result = await create({ provider: 'FATORA', name: 'Copy', email: 'client@fatora.example' });
    expect(result).toEqual({
      client: null,
      userErrors: [{ field: ['input'], message: 'Adding new client with same data of existing client', code: 'CONFLICT' }],
    });
  });

  test('a refusal Fatora explains is REJECTED with its message', async () => {
    service.fatora.inject({ method: 'POST', status: 422, body: { status: 'ERROR', error: { error_code: '422', description: 'phone is not valid' } } });
    const result = await create({ provider: 'FATORA', name: 'Bad Phone', phone: 'x' });
    expect(result).toEqual({ client: null, userErrors: [{ field: ['input'], message: 'phone is not valid', code: 'REJECTED' }] });
  });
});

describe('checks made before any call', () => {
  test('an empty name is REQUIRED and a malformed email INVALID, both reported', async () => {
    const result = await create({ provider: 'DAFTRA', name: '  ', email: 'not-an-email' });
    expect(result).toEqual({
      client: null,
      userErrors: [
        { field: ['input', 'name'], message: 'name must not be empty', code: 'REQUIRED' },
        { field: ['input', 'email'], message: '"not-an-email" is not an email address', code: 'INVALID' },
      ],
    });
    const cleared = await update('daftra:514', { name: null });
    expect(cleared.userErrors).toEqual([{ field: ['input', 'name'], message: 'name must not be empty', code: 'REQUIRED' }]);
    expect(service.daftra.calls).toEqual([]);
  });

  test('an unknown id on update is NOT_FOUND naming the provider, with no write', async () => {
    const unknown = { 'fatora:999999': 'Fatora', 'daftra:999999': 'Daftra', 'invisible-collector:nobody': 'Invisible Collector' };
    for (const [id, label] of Object.entries(unknown)) {
      const result = await update(id, { name: 'Ghost' });
      expect(result).toEqual({ client: null, userErrors: [{ field: ['id'], message: `${label} has no client ${id.split(':')[1]}`, code: 'NOT_FOUND' }] });
    }
    expect(writes()).toEqual([]);
  });
});

describe('Daftra', () => {
  test('create posts {Client:{…}}, accepts the 202, and re-reads the client', async () => {
    const result = await create({
      provider: 'DAFTRA', name: 'Delta Trading', email: 'ap@delta.example', phone: '+20 2 111', mobile: '+20 100 111',
      address: { line1: '5 Tahrir Sq', line2: 'Suite 2', city: 'Cairo', region: 'Cairo', postalCode: '11511', countryCode: 'EG' },
      notes: 'Wholesale', taxNumber: '123-456-789',
    });
    expect(result.userErrors).toEqual([]);
    const id = result.client!.providerId;
    expect(service.daftra.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /clients', `GET /clients/${id}`]);
    expect(service.daftra.calls[0]!.body).toEqual({
      Client: {
        business_name: 'Delta Trading', email: 'ap@delta.example', phone1: '+20 2 111', phone2: '+20 100 111',
        address1: '5 Tahrir Sq', address2: 'Suite 2', city: 'Cairo', state: 'Cairo', postal_code: '11511', country_code: 'EG',
        notes: 'Wholesale', bn1: '123-456-789', bn1_label: 'Tax ID', type: 3,
      },
    });
    expect(result.client).toMatchObject({
      id: `daftra:${id}`, name: 'Delta Trading', email: 'ap@delta.example', phone: '+20 2 111', mobile: '+20 100 111',
      notes: 'Wholesale', taxNumber: '123-456-789', currency: 'USD', clientNumber: id.padStart(7, '0'),
      address: { line1: '5 Tahrir Sq', line2: 'Suite 2', city: 'Cairo', region: 'Cairo', postalCode: '11511', countryCode: 'EG', formatted: '5 Tahrir Sq, Suite 2, Cairo, Cairo, 11511, EG' },
    });
  });

  /** The record as the Daftra simulator keeps it (what our GET receives as `raw`). */
  const stored = async (providerId: string) => {
    const response = await fetch(`${service.daftra.url}/clients/${providerId}`, { headers: { ...service.daftra.settings.headers } });
    return ((await response.json()) as { data: { Client: Record<string, unknown> } }).data.Client;
  };

  test('update PUTs the whole record (Daftra\'s own keys included) with the changed keys, a cleared one as "", then re-reads', async () => {
    const { client } = await create({ provider: 'DAFTRA', name: 'Partial Co', mobile: '+20 100 222', address: { line1: 'A', city: 'Cairo' } });
    const before = await stored(client!.providerId);
    service.resetCalls();
    const result = await update(client!.id, { mobile: null, address: { city: 'Giza' } });
    expect(result.userErrors).toEqual([]);
    expect(service.daftra.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /clients/${client!.providerId}`, `PUT /clients/${client!.providerId}`, `GET /clients/${client!.providerId}`]);
    // Every key of the current record but those Daftra stamps itself, the patch's keys replaced.
    const { id: _id, created: _created, modified: _modified, last_login: _login, last_ip: _ip, ...kept } = before;
    expect(service.daftra.calls[1]!.body).toEqual({ Client: { ...kept, phone2: '', city: 'Giza' } });
    expect((service.daftra.calls[1]!.body as { Client: Record<string, unknown> }).Client.type).toBe(3);
    expect(result.client).toMatchObject({ name: 'Partial Co', mobile: null, address: { line1: 'A', city: 'Giza' } });
  });

  test('an update keeps what we do not map (secondary address, bn2, category) even though Daftra\'s PUT may replace the record', async () => {
    const before = await stored('512');
    const result = await update('daftra:512', { notes: 'Key account' });
    expect(result.userErrors).toEqual([]);
    const after = await stored('512');
    // The seed has no type (as Daftra's own example): it is sent as a business, since it has a business name.
    expect(after).toEqual({ ...before, notes: 'Key account', type: 3, modified: after.modified });
    await update('daftra:512', { notes: 'VIP' });
  });

  test('an individual (first and last name, no type on record) is updated as an individual, type 2', async () => {
    const result = await update('daftra:513', { phone: '+20 2 555' });
    expect(result.userErrors).toEqual([]);
    const body = service.daftra.calls.find((c) => c.method === 'PUT')!.body as { Client: Record<string, unknown> };
    expect([body.Client.type, body.Client.business_name, body.Client.first_name, body.Client.last_name]).toEqual([2, '', 'Mona', 'Hassan']);
    expect(result.client!.name).toBe('Mona Hassan');
    await update('daftra:513', { phone: null });
  });

  test('the simulator plays the strictest reading of the undocumented PUT: a key left out is cleared, type is required', async () => {
    const { client } = await create({ provider: 'DAFTRA', name: 'Strict Co', email: 'a@strict.example', notes: 'kept?' });
    const put = (Client: Record<string, unknown>) => fetch(`${service.daftra.url}/clients/${client!.providerId}`, {
      method: 'PUT', headers: { ...service.daftra.settings.headers, 'content-type': 'application/json' }, body: JSON.stringify({ Client }),
    }).then(async (response) => [response.status, await response.json()]);
    expect(await put({ business_name: 'Strict Co' })).toEqual([400, {
      code: 400, result: 'failed', message: 'Bad Request', validation_errors: { type: 'Type is required (2 individual, 3 business)' },
    }]);
    expect(await put({ business_name: 'Strict Co', type: 3 })).toEqual([200, { code: 200, result: 'successful' }]);
    const after = await stored(client!.providerId);
    expect([after.business_name, after.email, after.notes, after.default_currency_code, after.client_number])
      .toEqual(['Strict Co', '', '', '', client!.providerId.padStart(7, '0')]);
  });

  test('a refusal sent as HTTP 200 with validation_errors is REJECTED per field', async () => {
    service.daftra.inject({
      method: 'POST', status: 200,
      body: { code: 400, result: 'fail', message: 'Validation failed', validation_errors: { Client: { email: ['Email already used'] } } },
    });
    const result = await create({ provider: 'DAFTRA', name: 'Dup', email: 'user@example.com' });
    expect(result).toEqual({ client: null, userErrors: [{ field: ['input', 'email'], message: 'Email already used', code: 'REJECTED' }] });
  });

  test('externalId is UNSUPPORTED_FIELD', async () => {
    const result = await create({ provider: 'DAFTRA', name: 'X', externalId: 'E', locale: 'ar' });
    expect(result.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['input', 'externalId'], 'UNSUPPORTED_FIELD']]);
    expect(writes()).toEqual([]);
  });
});

describe('Invisible Collector', () => {
  const gid = '061d2feb-81c2-4694-a74a-13cecbe7d2ce';

  test('create needs taxNumber and country; notes, line2 and region are unsupported; the country must be ISO', async () => {
    const missing = await create({ provider: 'INVISIBLE_COLLECTOR', name: 'No Tax' });
    expect(missing.userErrors).toEqual([
      { field: ['input', 'address', 'countryCode'], message: 'Invisible Collector requires address.countryCode', code: 'REQUIRED' },
      { field: ['input', 'taxNumber'], message: 'Invisible Collector requires taxNumber', code: 'REQUIRED' },
    ]);
    const wrong = await create({ provider: 'INVISIBLE_COLLECTOR', name: 'Wrong', taxNumber: 'PT1', notes: 'n', address: { line2: 'b', region: 'r', countryCode: 'pt' } });
    expect(wrong.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['input.address.line2', 'UNSUPPORTED_FIELD'], ['input.address.region', 'UNSUPPORTED_FIELD'], ['input.notes', 'UNSUPPORTED_FIELD'],
      ['input.address.countryCode', 'INVALID'],
    ]);
    expect(writes()).toEqual([]);
  });

  test('create posts the documented body and returns the customer', async () => {
    const result = await create({
      provider: 'INVISIBLE_COLLECTOR', name: 'Porto Lda', taxNumber: 'PT509999999', email: 'geral@porto.example',
      phone: '222 000 000', mobile: '910 000 000', externalId: 'ERP-7', locale: 'pt',
      address: { line1: 'Rua das Flores 10', postalCode: '4050-262', city: 'Porto', countryCode: 'PT' },
    });
    expect(result.userErrors).toEqual([]);
    expect(service.ic.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /customers']);
    expect(service.ic.calls[0]!.body).toEqual({
      name: 'Porto Lda', vatNumber: 'PT509999999', email: 'geral@porto.example', phone: '222 000 000', mobile: '910 000 000',
      externalId: 'ERP-7', locale: 'pt', address: 'Rua das Flores 10', zipCode: '4050-262', city: 'Porto', country: 'PT',
    });
    expect(result.client).toMatchObject({
      provider: 'INVISIBLE_COLLECTOR', name: 'Porto Lda', taxNumber: 'PT509999999', externalId: 'ERP-7', locale: 'pt', notes: null,
      address: { line1: 'Rua das Flores 10', postalCode: '4050-262', city: 'Porto', countryCode: 'PT', formatted: 'Rua das Flores 10, 4050-262 Porto, PT' },
    });
    expect(result.client!.id).toBe(`invisible-collector:${result.client!.raw.gid}`);
  });

  test('a duplicate is CONFLICT naming the existing client', async () => {
    const result = await create({ provider: 'INVISIBLE_COLLECTOR', name: 'Again', taxNumber: 'PT543219876', address: { countryCode: 'PT' } });
    expect(result).toEqual({
      client: null,
      userErrors: [{ field: ['input'], message: `Customer already registered (existing client invisible-collector:${gid})`, code: 'CONFLICT' }],
    });
  });

  test('update by externalId PUTs the changes (null clears) and the mandatory fields to the gid, and the change is visible in the same request', async () => {
    const { body } = await service.gql(`mutation {
      a: updateClient(id: "invisible-collector:345", input: { email: "ap@doe.example" }) { client { id email phone } userErrors { code } }
      b: updateClient(id: "invisible-collector:${gid}", input: { phone: null }) { client { email phone mobile } userErrors { code } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.a).toEqual({ client: { id: `invisible-collector:${gid}`, email: 'ap@doe.example', phone: '555-555-555' }, userErrors: [] });
    expect(body.data.b).toEqual({ client: { email: 'ap@doe.example', phone: null, mobile: '444-444-444' }, userErrors: [] });
    // Each update reads afresh under its client's lock (never from an earlier snapshot); the
    // one by externalId reads again by gid once it holds the gid's lock too. Each PUT carries
    // its own changes and the mandatory fields only.
    expect(service.ic.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /customers/345', `GET /customers/${gid}`, `PUT /customers/${gid}`, `GET /customers/${gid}`, `PUT /customers/${gid}`,
    ]);
    expect(service.ic.calls[2]!.body).toEqual({ email: 'ap@doe.example', name: 'John Doe Inc.', country: 'PT' });
    expect(service.ic.calls[4]!.body).toEqual({ phone: null, name: 'John Doe Inc.', country: 'PT' });
  });

  test('a changed externalId: the old one no longer finds the client in the same request, the new one does', async () => {
    const { client } = await create({ provider: 'INVISIBLE_COLLECTOR', name: 'Renumbered', taxNumber: 'PT500000777', externalId: 'OLD-1', address: { countryCode: 'PT' } });
    const { body } = await service.gql(`mutation {
      first: updateClient(id: "invisible-collector:OLD-1", input: { externalId: "NEW-1" }) { client { externalId } userErrors { code } }
      again: updateClient(id: "invisible-collector:OLD-1", input: { phone: "1" }) { client { id } userErrors { code field } }
      viaNew: updateClient(id: "invisible-collector:NEW-1", input: { phone: "2" }) { client { id phone } userErrors { code } }
    }`);
    expect(body.data).toEqual({
      first: { client: { externalId: 'NEW-1' }, userErrors: [] },
      again: { client: null, userErrors: [{ code: 'NOT_FOUND', field: ['id'] }] },
      viaNew: { client: { id: client!.id, phone: '2' }, userErrors: [] },
    });
  });

  test('clearing the country is REQUIRED (its PUT needs one)', async () => {
    const result = await update(`invisible-collector:${gid}`, { address: { countryCode: null } });
    expect(result.userErrors).toEqual([{ field: ['input', 'address', 'countryCode'], message: 'Invisible Collector requires address.countryCode', code: 'REQUIRED' }]);
    expect(writes()).toEqual([]);
  });
});

test('an update with nothing in it writes nothing and returns the client', async () => {
  const result = await update('fatora:1025', {});
  expect(result.userErrors).toEqual([]);
  expect(result.client!.name).toBe('Nour Trading');
  expect(writes()).toEqual([]);
});

test('a client deleted between our read and our write is NOT_FOUND', async () => {
  service.fatora.inject({ method: 'PUT', status: 404, body: { status: 'FAILURE', error: { error_code: '404', description: 'Client not found' } } });
  const result = await update('fatora:1025', { phone: '0' });
  expect(result).toEqual({ client: null, userErrors: [{ field: ['id'], message: 'Client not found', code: 'NOT_FOUND' }] });
});

test('an upstream failure during a write is a GraphQL error with its code, not a userError', async () => {
  service.daftra.inject({ method: 'POST', status: 503, body: { code: 503, result: 'failed', message: 'Down' } });
  const { body } = await service.op(CreateClientDocument, { input: { provider: 'DAFTRA', name: 'Later Ltd' } });
  expect(body.data).toEqual({ createClient: null });
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].path).toEqual(['createClient']);
  // A 5xx may come after the provider wrote: the error says so.
  expect(body.errors[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'daftra', outcome: 'UNKNOWN' });
  expect(body.errors[0].message).toBe('Daftra is unavailable (HTTP 503). The client may have been created: a retry under the same '
    + 'idempotencyKey never creates it twice; without a key, look for it before creating it again.');
});

test('formats: a country code must be ISO alpha-2 everywhere; a locale must be a language tag', async () => {
  const daftra = await create({ provider: 'DAFTRA', name: 'Eg', address: { countryCode: 'Egypt' } });
  expect(daftra.userErrors).toEqual([{
    field: ['input', 'address', 'countryCode'],
    message: 'address.countryCode must be an ISO 3166-1 alpha-2 code such as "PT", not "Egypt"',
    code: 'INVALID',
  }]);
  const ic = await update('invisible-collector:061d2feb-81c2-4694-a74a-13cecbe7d2ce', { locale: 'english' });
  expect(ic.userErrors).toEqual([{ field: ['input', 'locale'], message: 'locale must be a locale such as "pt" or "en-GB"', code: 'INVALID' }]);
  expect(writes()).toEqual([]);
});

test('an empty string clears a field, as null does (forms send "" for an empty box)', async () => {
  const { client } = await create({ provider: 'DAFTRA', name: 'Blank Co', email: 'blank@co.example', notes: 'x' });
  service.resetCalls();
  const result = await update(client!.id, { notes: '', email: '' });
  expect(service.daftra.calls[1]!.body).toMatchObject({ Client: { business_name: 'Blank Co', email: '', notes: '' } });
  expect(result.client).toMatchObject({ email: null, notes: null });
});

test('one failing mutation nulls only its own payload; a malformed id is an INVALID userError on ["id"]', async () => {
  service.daftra.inject({ method: 'POST', status: 503, body: { code: 503, result: 'failed', message: 'Down' } });
  const { body } = await service.gql(`mutation {
    ok: updateClient(id: "fatora:1025", input: { phone: "+966 1 000" }) { client { id phone } userErrors { code } }
    bad: updateClient(id: "daftra:abc", input: { name: "X" }) { client { id } userErrors { field message code } }
    unknown: updateClient(id: "nowhere:1", input: { name: "X" }) { client { id } userErrors { field message code } }
    down: createClient(input: { provider: DAFTRA, name: "Down Ltd" }) { client { id } }
  }`);
  expect(body.data).toEqual({
    ok: { client: { id: 'fatora:1025', phone: '+966 1 000' }, userErrors: [] },
    bad: {
      client: null,
      userErrors: [{
        field: ['id'], code: 'INVALID',
        message: '"daftra:abc" is not a client id: Daftra ids are numbers',
      }],
    },
    unknown: {
      client: null,
      userErrors: [{
        field: ['id'], code: 'INVALID',
        message: `"nowhere:1" is not a client id: unknown provider "nowhere"; known prefixes are ${KNOWN_PREFIXES}`,
      }],
    },
    down: null,
  });
  expect(body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([[['down'], 'UPSTREAM_UNAVAILABLE']]);
  // ok was written, and nothing went to Daftra but the failing create.
  expect(service.fatora.calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
  expect(service.daftra.calls.map((c) => c.method)).toEqual(['POST']);
});
