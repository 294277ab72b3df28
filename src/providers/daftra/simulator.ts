import { isRecord } from '../json.js';
import { daftraV1List, daftraV2List } from './simulator-list.js';
import {
  accountOf, bearer, MAIN_ACCOUNT, perAccount, startSimulator, type SimResponse, type Simulator, type SimulatorOptions,
} from '../simulator-kit.js';
import type { Provider } from '../../clients/client.js';

/**
 * A stand-in for Daftra's client API. Each behaviour and its source (docs = Daftra's
 * GET /clients/{id} page; export = Daftra's API project export, `docs/Daftra API.apidog.json`
 * in AlazabDev/daftra-connect-hub; plugin = daftra/woocommerce-plugin):
 * - Records carry every key of the docs' example, plus `language_code` (export: real answers).
 * - A refused write is HTTP 400 `{"code":400,"result":"failed","message":"Bad Request",
 *   "validation_errors":{"email":"…"}}`, a flat map of key → reason (export). (The HTTP-200
 *   `"result":"fail"` shape with `validation_errors.Client` is also understood by the client;
 *   tests inject it.)
 * - A create requires `type` (2 individual, 3 business) (export: Client schema; plugin always
 *   sends it) and a business or first name.
 * - POST answers 202 `{"code":202,"result":"successful","id":"<id>"}`, the id a string as in
 *   the example (export). PUT answers 200 `{"code":200,"result":"successful"}` (export); its
 *   body is undocumented, so the strictest reading: it replaces the record, a key absent from
 *   the body is cleared (keys Daftra sets itself stay), and it is checked as a create is
 *   (`type`, a business or first name: the schema's required keys).
 * - 401 and 404 are JSON `{"result":"failed","code":…,"message":…}`, "Item not found" for a 404
 *   (export). (An HTML 401 page is understood too; a test injects one.)
 * - The client lists (v1 `GET /api2/clients`, the v2 entity list): simulator-list.ts, whose top
 *   comment lists each of their behaviours and their sources.
 */

export const DAFTRA_SIMULATOR_TOKEN = 'daftra-simulator-token';
export const DAFTRA_SIMULATOR_API_KEY = 'daftra-simulator-apikey';

type Client = Record<string, unknown>;

/** Every key of the docs' example client, empty: the shape of every stored record. */
const BLANK: Client = {
  id: 0, is_offline: false, client_number: '', staff_id: 0,
  business_name: '', first_name: '', last_name: '', email: '',
  address1: '', address2: '', city: '', state: '', postal_code: '', phone1: '', phone2: '', country_code: '', notes: '',
  active_secondary_address: false, secondary_name: '', secondary_address1: '', secondary_address2: '',
  secondary_city: '', secondary_state: '', secondary_postal_code: '', secondary_country_code: '',
  default_currency_code: '', last_login: '', suspend: false, last_ip: '', created: '', modified: '',
  follow_up_status: null, category: '', group_price_id: 0, timezone: 0,
  bn1: '', bn1_label: '', bn2_label: '', bn2: '', starting_balance: null, type: null, language_code: '',
  birth_date: '', gender: null, map_location: null, credit_limit: 0, credit_period: 0,
};

/** Keys Daftra sets itself; a write cannot change them. */
const SERVER_KEYS = ['id', 'client_number', 'created', 'modified', 'last_login', 'last_ip'];

function seed(): Map<number, Client> {
  const clients: Client[] = [
    {
      ...BLANK, id: 512, client_number: '0000715', business_name: 'John Smith', email: 'user@example.com',
      address1: '12 Nile Street', address2: 'Floor 3', city: 'Cairo', state: 'Cairo Governorate', postal_code: '11511',
      phone1: '+20 2 0000 0001', phone2: '+20 100 000 0001', country_code: 'EG', notes: 'VIP',
      active_secondary_address: true, secondary_name: 'John Smith Warehouse', secondary_address1: '4 Port Road',
      secondary_address2: 'Gate 2', secondary_city: 'Alexandria', secondary_state: 'Alexandria Governorate',
      secondary_postal_code: '21500', secondary_country_code: 'EG', default_currency_code: 'EGP',
      last_login: '2018-05-10 00:42:00', last_ip: '127.0.0.1', created: '2018-05-10 00:42:00', modified: '2018-05-12 13:05:06',
      category: 'Wholesale', bn1: '300-123-456', bn1_label: 'Tax ID', bn2_label: 'Commercial Register', bn2: 'CR-778899',
      birth_date: '1980-05-10',
    },
    { ...BLANK, id: 513, first_name: 'Mona', last_name: 'Hassan', email: 'mona@example.com' },
    { ...BLANK, id: 514, business_name: 'Delta Foods' },
  ];
  // A crowd of plain clients for load tests (ids 3000-3199), like Fatora's.
  for (let i = 0; i < 200; i++) clients.push({ ...BLANK, id: 3000 + i, business_name: `Load Client ${i}` });
  return new Map(clients.map((c) => [c.id as number, c]));
}

const failed = (status: number, message: string): SimResponse => ({
  status,
  body: { code: status, result: 'failed', message },
});

/** Daftra refuses invalid data with HTTP 400 and a flat `validation_errors` map. */
const invalid = (field: string, message: string): SimResponse => ({
  status: 400,
  body: { code: 400, result: 'failed', message: 'Bad Request', validation_errors: { [field]: message } },
});

const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** The known, writable keys of a request's `Client`, or null when the body has none. */
function writable(body: unknown): Client | null {
  if (!isRecord(body) || !isRecord(body.Client)) return null;
  return Object.fromEntries(Object.entries(body.Client).filter(([key]) => key in BLANK && !SERVER_KEYS.includes(key)));
}

/** An email that is present (not "", which clears it) must look like one. */
function emailProblem(fields: Client): SimResponse | undefined {
  const { email } = fields;
  if (email === undefined || email === '') return undefined;
  return typeof email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? undefined : invalid('email', 'Invalid email address');
}

export function startDaftraSimulator(provider: Provider, options?: SimulatorOptions): Promise<Simulator> {
  // The main account holds the seed; a tenant's account starts empty.
  const accounts = perAccount((account) => ({ clients: account === MAIN_ACCOUNT ? seed() : new Map<number, Client>(), nextId: 1000 }));
  const str = (value: unknown) => (typeof value === 'string' ? value : '');

  return startSimulator({
    // Its identity is the module's it is started for (simulators.ts), never a copy's leftover.
    provider,
    basePath: '/api2',
    credentials: { authorization: `Bearer ${DAFTRA_SIMULATOR_TOKEN}` },
    env: (url) => ({ DAFTRA_API_URL: url, DAFTRA_API_TOKEN: DAFTRA_SIMULATOR_TOKEN }),
    authorize: (headers) => (headers.apikey === DAFTRA_SIMULATOR_API_KEY ? MAIN_ACCOUNT : accountOf(bearer(headers), DAFTRA_SIMULATOR_TOKEN)),
    unauthorized: failed(401, 'Unauthorized'),
    handleOutside: (request) => daftraV2List(request, accounts(request.account).clients),
    handle(request) {
      const { method, segments, body, account } = request;
      const state = accounts(account);
      const { clients } = state;
      const listed = daftraV1List(request, clients); if (listed) return listed;
      const [collection, idText, extra] = segments;
      if (collection !== 'clients' || extra !== undefined) return failed(404, 'Not found');
      if (idText === undefined) {
        if (method !== 'POST') return failed(405, 'Method not allowed');
        const fields = writable(body);
        if (fields === null) return failed(400, 'The body must be {"Client":{…}}');
        if (fields.type !== 2 && fields.type !== 3) return invalid('type', 'Type is required (2 individual, 3 business)');
        if (str(fields.business_name).trim() === '' && str(fields.first_name).trim() === '') {
          return invalid('business_name', 'Business name is required');
        }
        const problem = emailProblem(fields);
        if (problem) return problem;
        const id = state.nextId++;
        const stamp = now();
        clients.set(id, {
          ...BLANK, default_currency_code: 'USD', ...fields,
          id, client_number: String(id).padStart(7, '0'), created: stamp, modified: stamp,
        });
        return { status: 202, body: { code: 202, result: 'successful', id: String(id) } };
      }
      // The docs put a format in the path (clients/512.json); plain clients/512 works too.
      const match = /^(\d+)(\.json)?$/.exec(idText);
      const id = Number(match?.[1]);
      const current = clients.get(id);
      if (!current) return failed(404, 'Item not found');
      if (method === 'GET') return { status: 200, body: { code: 200, result: 'successful', data: { Client: current } } };
      if (method !== 'PUT') return failed(405, 'Method not allowed');
      const fields = writable(body);
      if (fields === null) return failed(400, 'The body must be {"Client":{…}}');
      if (fields.type !== 2 && fields.type !== 3) return invalid('type', 'Type is required (2 individual, 3 business)');
      if (str(fields.business_name).trim() === '' && str(fields.first_name).trim() === '') {
        return invalid('business_name', 'Business name is required');
      }
      const problem = emailProblem(fields);
      if (problem) return problem;
      // Replaced, not merged: what the body leaves out is cleared; Daftra's own keys stay.
      const own = Object.fromEntries(SERVER_KEYS.map((key) => [key, current[key]]));
      clients.set(id, { ...BLANK, ...fields, ...own, modified: now() });
      return { status: 200, body: { code: 200, result: 'successful' } };
    },
  }, options);
}
