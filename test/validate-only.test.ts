import { startService, type TestService } from './helpers/service.js';

/**
 * validateOnly on createClient and updateClient: every check of the real write, the body it
 * would send as `preview`, and no call that writes. The preview is compared with the body the
 * simulator receives from the real write with the same input: one code path builds both.
 */

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const CREATE = `mutation ($input: CreateClientInput!, $validateOnly: Boolean, $key: String) {
  createClient(input: $input, validateOnly: $validateOnly, idempotencyKey: $key) { client { id name } userErrors { field message code } preview }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateClientInput!, $validateOnly: Boolean) {
  updateClient(id: $id, input: $input, validateOnly: $validateOnly) { client { id name } userErrors { field message code } preview }
}`;

const writes = (s: TestService) => s.fatora.count('POST', /^\/clients/) + s.fatora.count('PUT') + s.daftra.count('POST') + s.daftra.count('PUT')
  + s.ic.count('POST') + s.ic.count('PUT');

const creates = [
  ['FATORA', { name: 'Preview Ltd', email: 'preview@fatora.example', address: { line1: 'Main St 1', city: 'Riyadh', countryCode: 'SA' } }],
  ['DAFTRA', { name: 'Preview Co', email: 'preview@daftra.example', taxNumber: 'TX-991', address: { city: 'Giza', countryCode: 'EG' } }],
  ['INVISIBLE_COLLECTOR', { name: 'Preview Lda', taxNumber: 'PT500000991', email: 'preview@ic.example', address: { countryCode: 'PT' } }],
] as const;

test.each(creates)('createClient at %s with validateOnly sends nothing and previews exactly the body the real create sends', async (provider, fields) => {
  const input = { provider, ...fields };
  const checked = await service.gql(CREATE, { input, validateOnly: true, key: `preview-${provider}` });
  expect(checked.body.errors).toBeUndefined();
  expect(checked.body.data.createClient.client).toBeNull();
  expect(checked.body.data.createClient.userErrors).toEqual([]);
  expect(writes(service)).toBe(0);

  // The same key then creates for real: validateOnly left it free.
  const made = await service.gql(CREATE, { input, key: `preview-${provider}` });
  expect(made.body.data.createClient.userErrors).toEqual([]);
  expect(made.body.data.createClient.preview).toBeNull();
  const sim = provider === 'FATORA' ? service.fatora : provider === 'DAFTRA' ? service.daftra : service.ic;
  const posted = sim.calls.filter((call) => call.method === 'POST' && !call.path.includes('Authorization'));
  expect(posted).toHaveLength(1);
  expect(checked.body.data.createClient.preview).toEqual(posted[0]!.body);
});

test('validateOnly answers the checks of the real write: required fields, the field table, formats', async () => {
  const checked = await service.gql(CREATE, {
    input: { provider: 'INVISIBLE_COLLECTOR', name: 'No Vat Lda', notes: 'x', email: 'not-an-email', address: { countryCode: 'PT' } },
    validateOnly: true,
  });
  expect(checked.body.data.createClient).toEqual({
    client: null,
    preview: null,
    userErrors: [
      { field: ['input', 'notes'], message: 'Invisible Collector has no place for notes; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
      { field: ['input', 'email'], message: '"not-an-email" is not an email address', code: 'INVALID' },
      { field: ['input', 'taxNumber'], message: 'Invisible Collector requires taxNumber', code: 'REQUIRED' },
    ],
  });
  const badKey = await service.gql(CREATE, { input: { provider: 'FATORA', name: 'K' }, validateOnly: true, key: 'bad key' });
  expect(badKey.body.data.createClient.userErrors[0].code).toBe('INVALID');
  expect(writes(service)).toBe(0);
});

const updates = [
  ['fatora:1025', { name: 'Nour Trading Co', notes: null }],
  ['daftra:513', { email: 'mona@preview.example', address: { city: 'Luxor' } }],
  ['invisible-collector:a9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a', { phone: '+46 8 000 000', email: null }],
] as const;

test.each(updates)('updateClient of %s with validateOnly reads the client, sends nothing, and previews exactly the PUT the real update sends', async (id, input) => {
  const checked = await service.gql(UPDATE, { id, input, validateOnly: true });
  expect(checked.body.errors).toBeUndefined();
  expect(checked.body.data.updateClient.userErrors).toEqual([]);
  expect(checked.body.data.updateClient.client).toBeNull();
  expect(writes(service)).toBe(0);
  // It read the client as it is now, as the update does.
  const reads = Object.values(service.sims).reduce((sum, sim) => sum + sim.count('GET'), 0);
  expect(reads).toBeGreaterThanOrEqual(1);

  const made = await service.gql(UPDATE, { id, input });
  expect(made.body.data.updateClient.userErrors).toEqual([]);
  const sim = Object.values(service.sims).find((s) => s.count('PUT') > 0)!;
  const put = sim.calls.filter((call) => call.method === 'PUT');
  expect(put).toHaveLength(1);
  expect(checked.body.data.updateClient.preview).toEqual(put[0]!.body);
});

test('updateClient with validateOnly: an unknown client is NOT_FOUND, a required field cleared is REQUIRED, nothing is sent', async () => {
  const missing = await service.gql(UPDATE, { id: 'fatora:999', input: { name: 'X' }, validateOnly: true });
  expect(missing.body.data.updateClient).toEqual({
    client: null, preview: null, userErrors: [{ field: ['id'], message: 'Fatora has no client 999', code: 'NOT_FOUND' }],
  });
  const cleared = await service.gql(UPDATE, { id: 'fatora:1024', input: { email: null }, validateOnly: true });
  expect(cleared.body.data.updateClient.userErrors).toEqual([{ field: ['input', 'email'], message: 'Fatora requires email', code: 'REQUIRED' }]);
  const nothing = await service.gql(UPDATE, { id: 'fatora:1024', input: {}, validateOnly: true });
  expect(nothing.body.data.updateClient).toEqual({ client: null, preview: null, userErrors: [] });
  expect(writes(service)).toBe(0);
});

test('validateOnly under an idempotencyKey meets what the key holds, and leaves it as it was', async () => {
  const input = { provider: 'DAFTRA', name: 'Keyed Co' };
  const made = await service.gql(CREATE, { input, key: 'preview-keyed' });
  const client = made.body.data.createClient.client;
  service.resetCalls();
  // The real retry would answer the first client without a call: so does its check.
  const same = await service.gql(CREATE, { input, key: 'preview-keyed', validateOnly: true });
  expect(same.body.data.createClient).toEqual({ client, userErrors: [], preview: null });
  const other = await service.gql(CREATE, { input: { ...input, name: 'Other Co' }, key: 'preview-keyed', validateOnly: true });
  expect(other.body.data.createClient).toEqual({
    client: null, preview: null,
    userErrors: [{ field: ['idempotencyKey'], message: 'This idempotencyKey was already used with a different input', code: 'CONFLICT' }],
  });
  expect(writes(service)).toBe(0);
  expect(service.daftra.calls).toEqual([]);
});
