import { FATORA_SIMULATOR_API_KEY, FATORA_SIMULATOR_TOKEN, type FatoraSimulator } from '../src/providers/fatora/simulator.js';
import { DAFTRA_SIMULATOR_TOKEN } from '../src/providers/daftra/simulator.js';
import { INVISIBLE_COLLECTOR_SIMULATOR_TOKEN } from '../src/providers/invisible-collector/simulator.js';
import type { RequestScope } from '../src/clients/scope.js';
import { createMetrics } from '../src/observability/metrics.js';
import { fatora } from '../src/providers/fatora/index.js';
import { Provider } from '../src/providers/index.js';
import { startService, type TestService } from './helpers/service.js';

// What the providers' own docs, SDKs and integrations say, checked against the service over
// HTTP, with the simulators doing what the evidence says (see the comment at the top of each).

let service: TestService;
beforeAll(async () => { service = await startService(); });
afterAll(() => service.close());
beforeEach(() => service.resetCalls());

const PAYLOAD = 'client { id name email taxNumber locale } userErrors { field message code }';
const create = async (input: Record<string, unknown>) =>
  (await service.gql(`mutation ($input: CreateClientInput!) { createClient(input: $input) { ${PAYLOAD} } }`, { input })).body.data.createClient;
const read = (id: string) => service.gql('query ($id: ID!) { client(id: $id) { id name taxNumber locale raw } }', { id });

describe('Fatora', () => {
  test('the simulator refuses a call without Content-Type: application/json with 415, GET included; the service always sends it', async () => {
    const refused = await fetch(`${service.fatora.url}/clients/1024`, { headers: { authorization: `Bearer ${FATORA_SIMULATOR_TOKEN}` } });
    expect(refused.status).toBe(415);
    // Settings holding only the credential, as FATORA_API_TOKEN gives them: the API adds the header.
    const api = fatora.createApi({ baseUrl: service.fatora.url, headers: { authorization: `Bearer ${FATORA_SIMULATOR_TOKEN}` } }, {
      timeoutMs: 2000, budgetMs: 4000, retries: 0, retryAfterCapMs: 0, maxSockets: 2, maxBodyBytes: 1024 * 1024,
      breaker: { errorThresholdPercentage: 50, volumeThreshold: 100, resetTimeoutMs: 1000 }, metrics: createMetrics(),
    });
    const log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as RequestScope['log'];
    try {
      const client = await api.get('1024', { requestId: 'content-type', overrides: {}, log, upstreamCalls: 0 });
      expect(client?.name).toBe('Client Name');
    } finally {
      api.close();
    }
  });

  test('a 404 in Fatora\'s error shape is a missing client whatever its status text; any other 404 is a bad response', async () => {
    const shapes = [
      { error: { error_code: '404', description: 'Client not found' } },
      { status: 'NOT_FOUND', error: { error_code: '404', description: 'Client not found' } },
      { status: 'FAILURE', error: 'Client not found' },
    ];
    for (const body of shapes) {
      service.fatora.inject({ method: 'GET', path: /^\/clients\/1024$/, status: 404, body });
      const { body: answer } = await read('fatora:1024');
      expect(answer).toEqual({ data: { client: null } });
    }
    service.fatora.inject({ method: 'GET', path: /^\/clients\/1024$/, status: 404, body: { message: 'no route' } });
    const { body: other } = await read('fatora:1024');
    expect(other.errors[0].extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('Fatora tokens: Authorize is a GET with the api_key header, POST once on 405 and remembered', () => {
  let keyed: TestService;
  let sim: FatoraSimulator;
  beforeAll(async () => {
    keyed = await startService({ apiKeyFor: { [Provider.FATORA]: FATORA_SIMULATOR_API_KEY } });
    sim = keyed.fatora as FatoraSimulator;
  });
  afterAll(() => keyed.close());

  test('GET by default; after a 405 the POST is used from then on', async () => {
    const READ = 'query ($id: ID!) { client(id: $id) { name } }';
    const calls = () => sim.calls.map((c) => `${c.method} ${c.path}`);
    expect((await keyed.gql(READ, { id: 'fatora:1024' })).body.data.client.name).toBe('Client Name');
    expect(calls()).toEqual(['GET /Authorization/Authorize', 'GET /clients/1024']);

    sim.reset();
    sim.authorizeMethod = 'POST';
    sim.revokeTokens();
    expect((await keyed.gql(READ, { id: 'fatora:1025' })).body.data.client.name).toBe('Nour Trading');
    expect(calls()).toEqual(['GET /clients/1025', 'GET /Authorization/Authorize', 'POST /Authorization/Authorize', 'GET /clients/1025']);

    sim.reset();
    sim.revokeTokens();
    expect((await keyed.gql(READ, { id: 'fatora:1024' })).body.data.client.name).toBe('Client Name');
    expect(calls()).toEqual(['GET /clients/1024', 'POST /Authorization/Authorize', 'GET /clients/1024']);
    sim.authorizeMethod = 'GET';
  });
});

describe('Daftra', () => {
  const daftraPost = (body: unknown) => fetch(`${service.daftra.url}/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DAFTRA_SIMULATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  test('the simulator refuses a create without type, with the documented HTTP 400 flat validation_errors', async () => {
    const response = await daftraPost({ Client: { business_name: 'No Type' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 400, result: 'failed', message: 'Bad Request', validation_errors: { type: 'Type is required (2 individual, 3 business)' },
    });
  });

  test('a create is sent as a business (type 3)', async () => {
    const result = await create({ provider: 'DAFTRA', name: 'Typed Ltd' });
    expect(result.userErrors).toEqual([]);
    expect((service.daftra.calls[0]!.body as { Client: Record<string, unknown> }).Client.type).toBe(3);
  });

  test('a refusal as HTTP 400 with a flat validation_errors map lands on our input paths', async () => {
    service.daftra.inject({
      method: 'POST', status: 400,
      body: { code: 400, result: 'failed', message: 'Bad Request', validation_errors: { email: 'Email already exists', bn1: ['Tax ID is taken'] } },
    });
    const result = await create({ provider: 'DAFTRA', name: 'Dup', email: 'user@example.com', taxNumber: '1' });
    expect(result).toEqual({
      client: null,
      userErrors: [
        { field: ['input', 'email'], message: 'Email already exists', code: 'REJECTED' },
        { field: ['input', 'taxNumber'], message: 'Tax ID is taken', code: 'REJECTED' },
      ],
    });
  });

  test('a refusal as HTTP 200 with validation_errors.Client, reasons as strings or lists, unknown keys on ["input"]', async () => {
    service.daftra.inject({
      method: 'PUT', status: 200,
      body: { code: 400, result: 'fail', message: 'Validation failed', validation_errors: { Client: { phone1: 'Bad phone', staff_id: ['No such staff', 'Another'] } } },
    });
    const { body } = await service.gql(`mutation { updateClient(id: "daftra:513", input: { phone: "x" }) { ${PAYLOAD} } }`);
    expect(body.data.updateClient).toEqual({
      client: null,
      userErrors: [
        { field: ['input', 'phone'], message: 'Bad phone', code: 'REJECTED' },
        { field: ['input'], message: 'staff_id: No such staff', code: 'REJECTED' },
        { field: ['input'], message: 'staff_id: Another', code: 'REJECTED' },
      ],
    });
  });

  test('locale is written and read as language_code', async () => {
    const result = await create({ provider: 'DAFTRA', name: 'Lingua', locale: 'ar' });
    expect(result.client.locale).toBe('ar');
    expect((service.daftra.calls[0]!.body as { Client: Record<string, unknown> }).Client.language_code).toBe('ar');
    const { body } = await service.gql(`mutation { updateClient(id: "${result.client.id}", input: { locale: "en" }) { ${PAYLOAD} } }`);
    expect(body.data.updateClient.client.locale).toBe('en');
  });

  test('bn1 is the tax number only when bn1_label does not say otherwise', async () => {
    expect((await read('daftra:512')).body.data.client.taxNumber).toBe('300-123-456');
    const other = { code: 200, result: 'successful', data: { Client: { id: 512, business_name: 'B', bn1: 'CR-1', bn1_label: 'Commercial Register' } } };
    service.daftra.inject({ method: 'GET', path: /^\/clients\/512$/, status: 200, body: other });
    const { body } = await read('daftra:512');
    expect(body.data.client.taxNumber).toBeNull();
    expect(body.data.client.raw.bn1).toBe('CR-1');
  });
});

describe('Invisible Collector', () => {
  const gid = '061d2feb-81c2-4694-a74a-13cecbe7d2ce';
  const icPut = (id: string, body: unknown) => fetch(`${service.ic.url}/customers/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${INVISIBLE_COLLECTOR_SIMULATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  test('the simulator keeps the keys a PUT leaves out and clears the ones sent as null', async () => {
    const { client } = await create({ provider: 'INVISIBLE_COLLECTOR', name: 'Keeps', taxNumber: 'PT500000901', email: 'k@x.example', phone: '1', address: { countryCode: 'PT' } });
    const newGid = client.id.split(':')[1];
    const response = await icPut(newGid, { name: 'Keeps', country: 'PT', phone: null });
    expect(await response.json()).toEqual({ gid: newGid, name: 'Keeps', vatNumber: 'PT500000901', email: 'k@x.example', country: 'PT' });
    const missing = await icPut(newGid, { phone: '2' });
    expect(missing.status).toBe(422);
  });

  test('clearing a field through the service sends null and the field is gone; untouched fields stay', async () => {
    const { body } = await service.gql(`mutation { updateClient(id: "invisible-collector:${gid}", input: { mobile: null }) {
      client { email mobile phone } userErrors { code } } }`);
    expect(body.data.updateClient).toEqual({ client: { email: 'john@doe.example', mobile: null, phone: '555-555-555' }, userErrors: [] });
    expect(service.ic.calls.find((c) => c.method === 'PUT')!.body).toEqual({ mobile: null, name: 'John Doe Inc.', country: 'PT' });
  });

  test('re-posting the identical customer answers the existing one; a different one with the same VAT is CONFLICT', async () => {
    const input = { provider: 'INVISIBLE_COLLECTOR', name: 'Twice Lda', taxNumber: 'PT500000902', address: { countryCode: 'PT' } };
    const first = await create(input);
    const again = await create(input);
    expect(again).toEqual(first);
    expect(service.ic.count('POST')).toBe(2);
    const other = await create({ ...input, name: 'Someone Else' });
    expect(other).toEqual({
      client: null,
      userErrors: [{ field: ['input'], message: `Customer already registered (existing client ${first.client.id})`, code: 'CONFLICT' }],
    });
  });

  test('a 409 naming the existing customer as `id` (not `gid`) is read too; one naming neither still says CONFLICT', async () => {
    service.ic.inject({ method: 'POST', status: 409, body: { code: 409, id: gid, message: 'Customer already registered' } });
    const input = { provider: 'INVISIBLE_COLLECTOR', name: 'X', taxNumber: 'PT543219876', address: { countryCode: 'PT' } };
    expect((await create(input)).userErrors).toEqual([
      { field: ['input'], message: `Customer already registered (existing client invisible-collector:${gid})`, code: 'CONFLICT' },
    ]);
    service.ic.inject({ method: 'POST', status: 409, body: { code: 409, message: 'Customer already registered' } });
    expect((await create(input)).userErrors).toEqual([{ field: ['input'], message: 'Customer already registered', code: 'CONFLICT' }]);
  });
});

describe('an id taken from a provider\'s answer never reaches a URL unchecked', () => {
  const HOSTILE = '../../admin?x=1#';
  test.each([
    ['fatora:1024', () => service.fatora, /^\/clients\/1024$/, { status: 'SUCCESS', client: { id: HOSTILE, name: 'N', email: 'e@x.example' } }],
    ['daftra:512', () => service.daftra, /^\/clients\/512$/, { code: 200, result: 'successful', data: { Client: { id: HOSTILE, business_name: 'N' } } }],
    ['invisible-collector:345', () => service.ic, /^\/customers\/345$/, { gid: HOSTILE, name: 'N', country: 'PT' }],
  ])('%s: an answer whose id fails the id syntax is UPSTREAM_BAD_RESPONSE and nothing is written', async (id, sim, path, body) => {
    sim().inject({ method: 'GET', path, status: 200, body });
    const { body: answer } = await service.gql(`mutation { updateClient(id: "${id}", input: { name: "Renamed" }) { client { id } } }`);
    expect(answer.errors[0].extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(sim().calls.map((c) => c.method)).toEqual(['GET']);
  });
});
