import { isRecord } from '../json.js';
import { fatoraList } from './simulator-list.js';
import {
  accountOf, bearer, MAIN_ACCOUNT, perAccount, startSimulator, type SimResponse, type Simulator, type SimulatorOptions,
} from '../simulator-kit.js';
import type { Provider } from '../../clients/client.js';

/**
 * A stand-in for Fatora's client API. Each behaviour and its source (docs = Fatora's endpoint
 * pages for GET/POST/PUT /clients; codes = fatora.io/api/responseCode.php; auth =
 * fatora.io/api/authentication.php):
 * - `Content-Type: application/json` is required on every call, GET included; without it the
 *   answer is 415 (docs mark the header required; codes list 415 for a wrong media type).
 * - GET answers say `notes` while POST and PUT answers say `note` (docs' examples); one seeded
 *   client is stored with `note` to cover both on reads.
 * - PUT requires an email; name, phone, address and notes are optional (docs: update). What
 *   an optional field left out of the body does is not said: the strictest reading is that the
 *   PUT replaces the record, so a field left out is cleared.
 * - 409 for a client with the same data as an existing one (codes); which data is not said, so
 *   a duplicate email is the rule here, and the body names no existing id (codes).
 * - A 404 carries `{"error":{"error_code","description"}}` with no `status` text (docs give
 *   none for a 404).
 * - GET /Authorization/Authorize with the `api_key` header trades the key for a JWT that
 *   expires after `tokenTtlSeconds` (auth: a curl with headers only, i.e. a GET); a bad key is
 *   `{"status":"ERROR","error":"Invalid API Key"}` (auth). Other methods answer 405, unless
 *   `authorizeMethod` is set to "POST" (a deployment that takes only POST, for the fallback).
 * - The client list (`GET /clients` with its filters and paging): simulator-list.ts, whose top
 *   comment lists each of its behaviours and their sources.
 */

export const FATORA_SIMULATOR_TOKEN = 'fatora-simulator-token';
export const FATORA_SIMULATOR_API_KEY = 'fatora-simulator-api-key';

export interface FatoraSimulator extends Simulator {
  /** Lifetime of the tokens the Authorize endpoint issues from now on. */
  tokenTtlSeconds: number;
  /** Makes every issued token invalid, as if Fatora had rotated its keys. */
  revokeTokens(): void;
  /** The one method the Authorize endpoint takes (GET, as documented, by default). */
  authorizeMethod: 'GET' | 'POST';
}

type Client = Record<string, unknown>;

function seed(): Map<number, Client> {
  const clients: Client[] = [
    { id: 1024, name: 'Client Name', address: 'Client Address', phone: 'Client Phone', email: 'client@fatora.example', notes: 'Additional notes' },
    { id: 1025, name: 'Nour Trading', address: 'King Fahd Road 12, Riyadh', phone: '+966 11 000 0001', email: 'billing@nour.example', note: 'Pays quarterly' },
    { id: 1026, name: 'Walk-in Customer', address: '', phone: '', email: '', notes: '' },
  ];
  // A crowd of plain clients for load tests (ids 3000-3199).
  for (let i = 0; i < 200; i++) {
    clients.push({ id: 3000 + i, name: `Load Client ${i}`, address: `Street ${i}`, phone: `+966 50 ${String(i).padStart(7, '0')}`, email: `load${i}@fatora.example`, notes: '' });
  }
  return new Map(clients.map((c) => [c.id as number, c]));
}

const failure = (status: number, description: string): SimResponse => ({
  status,
  body: { status: 'FAILURE', error: { error_code: String(status), description } },
});

/** Answers of POST and PUT name the note `note`, as the docs show. */
const written = (client: Client) => {
  const { notes, ...rest } = client;
  return { status: 'SUCCESS', client: { ...rest, note: notes ?? rest.note ?? '' } };
};

/** An unsigned JWT-shaped token: clients read only its `exp`. */
function jwt(expiresAt: number, serial: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'simulator', exp: Math.floor(expiresAt / 1000), jti: serial })}.`;
}

export async function startFatoraSimulator(provider: Provider, options?: SimulatorOptions): Promise<FatoraSimulator> {
  // The main account holds the seed; a tenant's account starts empty.
  const accounts = perAccount((account) => ({ clients: account === MAIN_ACCOUNT ? seed() : new Map<number, Client>(), nextId: 5000 }));
  const issued = new Map<string, number>(); // token → expiry (ms)
  let serial = 0;
  const str = (value: unknown) => (typeof value === 'string' ? value : '');

  const simulator = await startSimulator({
    // Its identity is the module's it is started for (simulators.ts), never a copy's leftover.
    provider,
    basePath: '/v1',
    // The headers every call must carry: the credential, and the content type Fatora requires.
    credentials: { authorization: `Bearer ${FATORA_SIMULATOR_TOKEN}`, 'content-type': 'application/json' },
    env: (url) => ({ FATORA_API_URL: url, FATORA_API_TOKEN: FATORA_SIMULATOR_TOKEN }),
    authorize(headers) {
      const token = bearer(headers);
      const expiry = token === undefined ? undefined : issued.get(token);
      if (expiry !== undefined) return Date.now() < expiry ? MAIN_ACCOUNT : null;
      return accountOf(token, FATORA_SIMULATOR_TOKEN);
    },
    isPublic: (_method, segments) => segments.join('/') === 'Authorization/Authorize',
    unauthorized: { status: 401, body: { status: 'ERROR', error: 'Unauthorized' } },
    handle(request) {
      const { method, segments, body, headers, account } = request;
      if (!/^application\/json\b/.test(headers['content-type'] ?? '')) {
        return { status: 415, body: { status: 'ERROR', error: 'Unsupported Media Type: Content-Type must be application/json' } };
      }
      if (segments[0] === 'Authorization') {
        if (method !== fatora.authorizeMethod) return failure(405, 'Method not allowed');
        if (headers.api_key !== FATORA_SIMULATOR_API_KEY) return { status: 401, body: { status: 'ERROR', error: 'Invalid API Key' } };
        const token = jwt(Date.now() + fatora.tokenTtlSeconds * 1000, ++serial);
        for (const [old, expiry] of issued) if (expiry < Date.now()) issued.delete(old);
        issued.set(token, Date.now() + fatora.tokenTtlSeconds * 1000);
        return { status: 200, body: { success: true, bearer_token: token } };
      }
      const state = accounts(account);
      const { clients } = state;
      const emailTaken = (email: string, exceptId?: number) =>
        email !== '' && [...clients.values()].find((c) => c.email === email && c.id !== exceptId);
      const listed = fatoraList(request, clients); if (listed) return listed;
      const [collection, idText, extra] = segments;
      if (collection !== 'clients' || extra !== undefined) return failure(404, 'Not found');
      if (idText === undefined) {
        if (method !== 'POST') return failure(405, 'Method not allowed');
        if (!isRecord(body) || str(body.name).trim() === '') return failure(400, 'name is required');
        const taken = emailTaken(str(body.email));
        if (taken) return failure(409, 'Adding new client with same data of existing client');
        const client = { id: state.nextId++, name: str(body.name), address: str(body.address), phone: str(body.phone), email: str(body.email), notes: str(body.notes) };
        clients.set(client.id, client);
        return { status: 201, body: written(client) };
      }
      const id = Number(idText);
      const current = clients.get(id);
      if (!current) return { status: 404, body: { error: { error_code: '404', description: 'Client not found' } } };
      if (method === 'GET') return { status: 200, body: { status: 'SUCCESS', client: current } };
      if (method !== 'PUT') return failure(405, 'Method not allowed');
      if (!isRecord(body) || str(body.email).trim() === '') {
        return { status: 422, body: { status: 'ERROR', error: 'email is required' } };
      }
      const taken = emailTaken(str(body.email), id);
      if (taken) return failure(409, 'Adding new client with same data of existing client');
      // The whole record is replaced (the strictest reading, above): what is left out is cleared.
      const client = {
        id, name: str(body.name),
        address: str(body.address), phone: str(body.phone), email: str(body.email), notes: str(body.notes),
      };
      clients.set(id, client);
      return { status: 200, body: written(client) };
    },
  }, options);

  const fatora: FatoraSimulator = Object.assign(simulator, {
    tokenTtlSeconds: 3600,
    revokeTokens: () => issued.clear(),
    authorizeMethod: 'GET' as 'GET' | 'POST',
  });
  return fatora;
}
