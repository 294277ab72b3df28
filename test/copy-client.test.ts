import { gate } from '../src/providers/simulator-kit.js';
import { metric, startService, until, type TestService } from './helpers/service.js';

/**
 * copyClient: mapped through the target's field table (dropped fields reported), input
 * overriding, the link set, the target searched first (ALREADY_THERE writes nothing),
 * idempotent under a key with createClient's in-doubt rules, validateOnly previewing exactly
 * the body the real copy sends.
 */

let service: TestService;
beforeAll(async () => { service = await startService({ env: { UPSTREAM_TIMEOUT_MS: '300', UPSTREAM_RETRIES: '0' } }); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const COPY = `mutation ($id: ID!, $to: Provider!, $input: CopyClientInput, $key: String, $validateOnly: Boolean) {
  copyClient(id: $id, to: $to, input: $input, idempotencyKey: $key, validateOnly: $validateOnly) {
    outcome client { id name taxNumber externalId } source { id name } dropped { field reason } preview userErrors { field message code }
  }
}`;

const JOHN_AT_IC = {
  name: 'John Smith', email: 'user@example.com', phone: '+20 2 0000 0001', mobile: '+20 100 000 0001',
  address: '12 Nile Street', city: 'Cairo', zipCode: '11511', country: 'EG', vatNumber: '300-123-456', externalId: 'daftra:512',
};
const JOHN_DROPPED = [
  { field: ['address', 'line2'], reason: 'Invisible Collector has no place for address.line2' },
  { field: ['address', 'region'], reason: 'Invisible Collector has no place for address.region' },
  { field: ['notes'], reason: 'Invisible Collector has no place for notes' },
  { field: ['currency'], reason: 'Invisible Collector has no place for currency' },
  { field: ['clientNumber'], reason: 'Invisible Collector has no place for clientNumber' },
];

test('Daftra → Invisible Collector: validateOnly previews exactly what the copy sends; the copy carries the link; a second copy is ALREADY_THERE', async () => {
  const checked = await service.gql(COPY, { id: 'daftra:512', to: 'INVISIBLE_COLLECTOR', validateOnly: true });
  expect(checked.body.errors).toBeUndefined();
  expect(checked.body.data.copyClient).toEqual({
    outcome: 'VALID', client: null, source: { id: 'daftra:512', name: 'John Smith' }, dropped: JOHN_DROPPED, preview: JOHN_AT_IC, userErrors: [],
  });
  expect(service.ic.count('POST')).toBe(0);

  const made = await service.gql(COPY, { id: 'daftra:512', to: 'INVISIBLE_COLLECTOR', key: 'copy-john' });
  const copy = made.body.data.copyClient;
  expect(copy).toEqual({
    outcome: 'CREATED', client: { id: expect.stringMatching(/^invisible-collector:/), name: 'John Smith', taxNumber: '300-123-456', externalId: 'daftra:512' },
    source: { id: 'daftra:512', name: 'John Smith' }, dropped: JOHN_DROPPED, preview: null, userErrors: [],
  });
  const posts = service.ic.calls.filter((call) => call.method === 'POST');
  expect(posts.map((call) => call.body)).toEqual([checked.body.data.copyClient.preview]);

  // The same key answers the first result; another copy without a key finds it by the link.
  const replay = await service.gql(COPY, { id: 'daftra:512', to: 'INVISIBLE_COLLECTOR', key: 'copy-john' });
  expect(replay.body.data.copyClient).toEqual(copy);
  const again = await service.gql(COPY, { id: 'daftra:512', to: 'INVISIBLE_COLLECTOR' });
  expect(again.body.data.copyClient).toMatchObject({ outcome: 'ALREADY_THERE', client: copy.client, preview: null, userErrors: [] });
  const checkedAgain = await service.gql(COPY, { id: 'daftra:512', to: 'INVISIBLE_COLLECTOR', validateOnly: true });
  expect(checkedAgain.body.data.copyClient.outcome).toBe('ALREADY_THERE');
  expect(service.ic.count('POST')).toBe(1);
});

test('what the target requires and the source lacks is REQUIRED unless input gives it; input overrides any field', async () => {
  const missing = await service.gql(COPY, { id: 'daftra:514', to: 'INVISIBLE_COLLECTOR' });
  expect(missing.body.data.copyClient).toEqual({
    outcome: null, client: null, source: { id: 'daftra:514', name: 'Delta Foods' }, dropped: [], preview: null,
    userErrors: [
      { field: ['input', 'address', 'countryCode'], message: 'Invisible Collector requires address.countryCode', code: 'REQUIRED' },
      { field: ['input', 'taxNumber'], message: 'Invisible Collector requires taxNumber', code: 'REQUIRED' },
    ],
  });
  const given = await service.gql(COPY, {
    id: 'daftra:514', to: 'INVISIBLE_COLLECTOR', input: { name: 'Delta Foods SAE', taxNumber: 'EG100200300', address: { countryCode: 'EG' } },
  });
  expect(given.body.data.copyClient).toMatchObject({
    outcome: 'CREATED', client: { name: 'Delta Foods SAE', taxNumber: 'EG100200300', externalId: 'daftra:514' }, userErrors: [],
  });
  // A value the target has no place for, given in input, is the caller's: UNSUPPORTED_FIELD, nothing written.
  const unsupported = await service.gql(COPY, { id: 'daftra:513', to: 'INVISIBLE_COLLECTOR', input: { notes: 'x', taxNumber: 'EG1', address: { countryCode: 'EG' } } });
  expect(unsupported.body.data.copyClient.userErrors).toEqual([
    { field: ['input', 'notes'], message: 'Invisible Collector has no place for notes; leave it out for this provider', code: 'UNSUPPORTED_FIELD' },
  ]);
  expect(service.ic.count('POST')).toBe(1);
});

test('copying to the provider the client is at is BAD_USER_INPUT; an unknown source is NOT_FOUND; nothing is called', async () => {
  const same = await service.gql(COPY, { id: 'daftra:512', to: 'DAFTRA' });
  expect(same.body.data).toEqual({ copyClient: null });
  expect(same.body.errors[0]).toMatchObject({ message: 'daftra:512 is already at Daftra: copy it to another provider', extensions: { code: 'BAD_USER_INPUT' } });
  const unknown = await service.gql(COPY, { id: 'fatora:999', to: 'DAFTRA' });
  expect(unknown.body.data.copyClient).toEqual({
    outcome: null, client: null, source: null, dropped: [], preview: null,
    userErrors: [{ field: ['id'], message: 'Fatora has no client 999', code: 'NOT_FOUND' }],
  });
  expect(service.daftra.calls).toEqual([]);
});

test('a target that cannot be searched first is not written to', async () => {
  service.ic.inject({ method: 'GET', path: /^\/customers\/find$/, status: 503, body: { code: 503, message: 'Down' } });
  const { body } = await service.gql(COPY, { id: 'daftra:513', to: 'INVISIBLE_COLLECTOR', input: { taxNumber: 'EG2', address: { countryCode: 'EG' } } });
  expect(body.data).toEqual({ copyClient: null });
  expect(body.errors[0]).toMatchObject({
    message: 'Invisible Collector could not be searched for a copy of daftra:513 already there (Invisible Collector is unavailable (HTTP 503)); nothing was written',
    extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'invisible-collector' },
  });
  expect(body.errors[0].extensions.outcome).toBeUndefined();
  expect(service.ic.count('POST')).toBe(0);
});

test('a copy whose POST times out is in doubt; its retry under the key finds the copy by the link and writes nothing twice', async () => {
  const variables = { id: 'daftra:513', to: 'INVISIBLE_COLLECTOR', input: { taxNumber: 'EG3', address: { countryCode: 'EG' } }, key: 'copy-doubt' };
  const answer = gate();
  service.ic.inject({ method: 'POST', hold: answer.promise });
  const first = await service.gql(COPY, variables);
  expect(first.body.data).toEqual({ copyClient: null });
  expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'invisible-collector', outcome: 'UNKNOWN' });
  answer.open(); // IC made the customer after all: wait until it holds it.
  await until(async () => (await service.gql('{ findClients(externalId: "daftra:513") { clients { id } } }')).body.data.findClients.clients.length === 1);
  service.resetCalls();

  const retry = await service.gql(COPY, variables);
  expect(retry.body.errors).toBeUndefined();
  expect(retry.body.data.copyClient).toMatchObject({ outcome: 'ALREADY_THERE', client: { name: 'Mona Hassan', externalId: 'daftra:513' } });
  expect(service.ic.count('POST')).toBe(0);
});

test('at a provider whose create is not idempotent, the retry of an in-doubt copy is OUTCOME_UNKNOWN and sends nothing', async () => {
  const variables = { id: 'invisible-collector:a9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a', to: 'FATORA', key: 'copy-doubt-fatora' };
  const answer = gate();
  service.fatora.inject({ method: 'POST', hold: answer.promise });
  const first = await service.gql(COPY, variables);
  expect(first.body.errors[0].extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'fatora', outcome: 'UNKNOWN' });
  answer.open();
  const retry = await service.gql(COPY, variables);
  expect(retry.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' });
  const checked = await service.gql(COPY, { ...variables, validateOnly: true });
  expect(checked.body.errors[0].extensions).toEqual({ code: 'OUTCOME_UNKNOWN', provider: 'fatora', outcome: 'UNKNOWN' });
  expect(service.fatora.count('POST')).toBe(1);
});

test('providers says which can be a copy target and which field carries the link', async () => {
  const { body } = await service.gql('{ providers { provider copyTarget linkField } }');
  expect(body.data.providers).toEqual([
    { provider: 'FATORA', copyTarget: true, linkField: null },
    { provider: 'DAFTRA', copyTarget: true, linkField: null },
    { provider: 'INVISIBLE_COLLECTOR', copyTarget: true, linkField: 'externalId' },
  ]);
});

describe('two copies of one client to one target at once', () => {
  let patient: TestService;
  beforeAll(async () => { patient = await startService(); });
  afterAll(() => patient.close());

  test('the second searches after the first has written, finds it, and writes nothing', async () => {
    const answer = gate();
    patient.fatora.inject({ method: 'POST', hold: answer.promise });
    const first = patient.gql(COPY, { id: 'daftra:513', to: 'FATORA' });
    await until(() => patient.fatora.count('POST') === 1);
    const waitsBefore = await metric(patient.url, 'update_lock_waits_total');
    const second = patient.gql(COPY, { id: 'daftra:513', to: 'FATORA' });
    // The second copy waits for the first's lock (without it, it would search now and find nothing).
    await until(async () => (await metric(patient.url, 'update_lock_waits_total')) === waitsBefore + 1);
    answer.open();
    const [made, again] = await Promise.all([first, second]);
    expect(made.body.data.copyClient).toMatchObject({ outcome: 'CREATED', client: { name: 'Mona Hassan' } });
    expect(again.body.data.copyClient).toMatchObject({ outcome: 'ALREADY_THERE', client: made.body.data.copyClient.client });
    expect(patient.fatora.count('POST')).toBe(1);
  });
});
