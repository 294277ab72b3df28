import { PROVIDER_LABEL, Provider, type ClientRecord } from '../../clients/client.js';
import type { RequestScope } from '../../clients/scope.js';
import { text } from '../../clients/fields.js';
import type { ClientProvider } from '../../clients/provider.js';
import { WriteRefusedError, type FieldProblem } from '../errors.js';
import { badResponse, createHttp, isMissing, isRecord, type UpstreamResponse } from '../http.js';
import { isNumericId } from '../ids.js';
import type { ClientOptions, ProviderSettings } from '../module.js';
import { pathOf, supports, toBody, toClient } from './mapper.js';

/**
 * Daftra's client API: GET/PUT /clients/{id}, POST /clients, Bearer token or apikey header.
 * The docs show a `format` path segment (clients/{id}.json); the team settled on plain
 * clients/{id}. Write answers carry no client, so every write is followed by a GET.
 */
export function createDaftraClient(settings: ProviderSettings | null, options: ClientOptions): ClientProvider {
  const http = createHttp(Provider.DAFTRA, PROVIDER_LABEL[Provider.DAFTRA], settings, options);

  async function get(id: string, scope: RequestScope): Promise<ClientRecord | null> {
    const response = await http.send({ method: 'GET', path: `clients/${id}`, route: 'clients/:id' }, scope);
    if (isMissing(Provider.DAFTRA, response, isDaftraError)) return null;
    return toClient(clientOf(response));
  }

  async function reread(id: string, scope: RequestScope): Promise<ClientRecord> {
    const client = await get(id, scope);
    if (client === null) throw badResponse(Provider.DAFTRA, `a 404 for client ${id} right after writing it`);
    return client;
  }

  return {
    provider: Provider.DAFTRA,
    configured: settings !== null,
    isValidId: isNumericId,
    supports,
    requiredOnCreate: [['name']],
    requiredOnUpdate: [['name']],
    get,
    probe: http.probe,
    close: http.close,

    async create(fields, scope) {
      const answer = written(await http.send({ method: 'POST', path: 'clients', route: 'clients', body: toBody(fields) }, scope));
      const id = text(answer.id);
      // The id goes into the next URL, so it must look like one.
      if (answer.result !== 'successful' || id === null || !isNumericId(id)) {
        throw badResponse(Provider.DAFTRA, 'a create answer without a client id');
      }
      return reread(id, scope);
    },

    // Daftra's PUT is partial, so only the patch is sent.
    async update(current, patch, _merged, scope) {
      const path = `clients/${current.providerId}`;
      written(await http.send({ method: 'PUT', path, route: 'clients/:id', body: toBody(patch) }, scope));
      return reread(current.providerId, scope);
    },
  };
}

/** The `data.Client` of a successful read; any other answer is not what Daftra documents. */
function clientOf(response: UpstreamResponse): unknown {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(Provider.DAFTRA, `a non-JSON answer (HTTP ${response.status})`);
  const ok = response.status >= 200 && response.status < 300;
  if (!ok || body.result !== 'successful') throw badResponse(Provider.DAFTRA, `an error to a read: ${messageOf(body, response)}`);
  if (!isRecord(body.data) || !isRecord(body.data.Client)) throw badResponse(Provider.DAFTRA, 'a successful answer without a Client');
  return body.data.Client;
}

/**
 * The body of an accepted write. The shape of a PUT answer is not documented, so any 2xx not
 * saying "fail"/"failed" is taken as accepted; a refusal may come as HTTP 200 with
 * `"result":"fail"` and `validation_errors`.
 */
function written(response: UpstreamResponse): Record<string, unknown> {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(Provider.DAFTRA, `a non-JSON answer (HTTP ${response.status})`);
  const ok = response.status >= 200 && response.status < 300;
  if (ok && body.result !== 'fail' && body.result !== 'failed') return body;
  const kind = response.status === 409 ? 'CONFLICT' : response.status === 404 ? 'NOT_FOUND' : 'REJECTED';
  throw new WriteRefusedError(kind, Provider.DAFTRA, messageOf(body, response), problemsOf(body));
}

function messageOf(body: Record<string, unknown>, response: UpstreamResponse): string {
  return text(body.message) ?? `${PROVIDER_LABEL[Provider.DAFTRA]} refused the request (HTTP ${response.status})`;
}

/** `validation_errors: {"Client": {field: [message, …]}}` as problems on our field paths. */
function problemsOf(body: Record<string, unknown>): FieldProblem[] {
  const errors = isRecord(body.validation_errors) ? body.validation_errors.Client : undefined;
  if (!isRecord(errors)) return [];
  return Object.entries(errors).flatMap(([key, messages]) => {
    const field = pathOf(key);
    return [messages].flat()
      .filter((message): message is string => typeof message === 'string')
      .map((message) => ({ field, message: field ? message : `${key}: ${message}` }));
  });
}

/** Daftra's own error answer: `{"code","result":"failed","message"}`. */
function isDaftraError(body: unknown): boolean {
  return isRecord(body) && (body.result === 'failed' || body.result === 'fail');
}
