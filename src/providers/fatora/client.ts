import { PROVIDER_LABEL, Provider } from '../../clients/client.js';
import type { ClientProvider } from '../../clients/provider.js';
import { WriteRefusedError } from '../errors.js';
import { badResponse, createHttp, isMissing, isRecord, type UpstreamResponse } from '../http.js';
import { isNumericId } from '../ids.js';
import type { ClientOptions, ProviderSettings } from '../module.js';
import { supports, toBody, toClient } from './mapper.js';
import { createTokenCredential } from './token.js';

/** Fatora's client API: GET/POST /clients, GET/PUT /clients/{id}, Bearer token. */
export function createFatoraClient(settings: ProviderSettings | null, options: ClientOptions): ClientProvider {
  const credential = settings?.apiKey ? createTokenCredential(settings.baseUrl, settings.apiKey, options.timeoutMs) : undefined;
  const http = createHttp(Provider.FATORA, PROVIDER_LABEL[Provider.FATORA], settings, options, credential);
  return {
    provider: Provider.FATORA,
    configured: settings !== null,
    isValidId: isNumericId,
    supports,
    addressIsText: true,
    requiredOnCreate: [['name']],
    // Fatora's PUT replaces the whole record and requires an email.
    requiredOnUpdate: [['name'], ['email']],
    probe: http.probe,
    close: http.close,

    async get(id, scope) {
      const response = await http.send({ method: 'GET', path: `clients/${id}`, route: 'clients/:id' }, scope);
      if (isMissing(Provider.FATORA, response, isFatoraError)) return null;
      return toClient(clientOf(response, false));
    },

    async create(fields, scope) {
      const response = await http.send({ method: 'POST', path: 'clients', route: 'clients', body: toBody(fields, false) }, scope);
      return toClient(clientOf(response, true));
    },

    async update(current, _patch, merged, scope) {
      const call = { method: 'PUT', path: `clients/${current.providerId}`, route: 'clients/:id', body: toBody(merged, true) } as const;
      return toClient(clientOf(await http.send(call, scope), true));
    },
  };
}

/** The `client` of a SUCCESS answer; any other answer becomes the matching error. */
function clientOf(response: UpstreamResponse, isWrite: boolean): unknown {
  const body = response.json;
  const ok = response.status >= 200 && response.status < 300;
  if (ok && isRecord(body) && body.status === 'SUCCESS') {
    if (!isRecord(body.client)) throw badResponse(Provider.FATORA, 'a SUCCESS answer without a client');
    return body.client;
  }
  if (!isRecord(body)) throw badResponse(Provider.FATORA, `a non-JSON answer (HTTP ${response.status})`);
  const message = errorText(body) ?? `${PROVIDER_LABEL[Provider.FATORA]} refused the request (HTTP ${response.status})`;
  if (!isWrite) throw badResponse(Provider.FATORA, `an error to a read: ${message}`);
  const kind = response.status === 409 ? 'CONFLICT' : response.status === 404 ? 'NOT_FOUND' : 'REJECTED';
  throw new WriteRefusedError(kind, Provider.FATORA, message);
}

/** Fatora's error is `{"error":{"error_code","description"}}` or `{"error":"text"}`. */
function errorText(body: Record<string, unknown>): string | undefined {
  const error = body.error;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.description === 'string') return error.description;
  return undefined;
}

/** Fatora's own error answer: `{"status":"FAILURE"|"ERROR","error":…}`. */
function isFatoraError(body: unknown): boolean {
  return isRecord(body) && (body.status === 'FAILURE' || body.status === 'ERROR') && body.error !== undefined;
}
