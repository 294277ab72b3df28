import { fieldsOf, mergeFields } from '../../clients/fields.js';
import type { ClientRecord } from '../../clients/client.js';
import type { ProviderApi, ProviderFacts } from '../../clients/provider.js';
import type { ProviderSettings } from '../../clients/settings.js';
import { createHttp } from '../http.js';
import { answerFor, badResponse, isMissing, isSuccess, refusalText, writeRefused, type Sender, type UpstreamResponse } from '../http/answers.js';
import { isRecord } from '../json.js';
import type { ApiOptions } from '../module.js';
import { errorText, isFatoraError } from './error-answer.js';
import { fatoraList } from './list.js';
import { toBody, toClient } from './mapper.js';
import { createTokenCredential } from './token.js';

/** Fatora's docs mark this header required on every call, GET included (415 without it). */
export const JSON_CONTENT = { 'content-type': 'application/json' } as const;

/** Fatora's client API: GET/POST /clients, GET/PUT /clients/{id}, Bearer token. */
export function createFatoraApi(facts: ProviderFacts, settings: ProviderSettings | null, options: ApiOptions): ProviderApi {
  const server = settings && { ...settings, headers: { ...settings.headers, ...JSON_CONTENT } };
  const credential = server?.apiKey ? createTokenCredential(facts, server.baseUrl, server.apiKey, options.timeoutMs, JSON_CONTENT) : undefined;
  const http = createHttp(facts, server, options, credential);
  return {
    facts,
    configured: settings !== null,
    rateBudget: http.rateBudget,
    probe: http.probe,
    writeInDoubt: http.writeInDoubt,
    close: http.close,
    list: fatoraList(facts, http),

    async get(id, scope) {
      const response = await http.send({ method: 'GET', path: `clients/${id}`, route: 'clients/:id' }, scope);
      if (isMissing(facts, response, isFatoraError)) return null;
      return ownAnswer(facts, id, toClient(facts, clientOf(facts, response, false)));
    },

    async create(fields, scope, mode) {
      const response = await http.send({ method: 'POST', path: 'clients', route: 'clients', body: toBody(fields, false) }, scope, mode);
      return toClient(facts, clientOf(facts, response, true));
    },

    // Fatora's docs do not say whether a field left out of a PUT is kept, so the whole record is
    // sent (the strictest reading: a PUT replaces it): the patch merged onto the current client. The
    // address is one text at Fatora, so an address given replaces it rather than merging parts.
    async update(id, patch, current, scope, mode) {
      const merged = mergeFields(fieldsOf(current), patch);
      if (patch.address !== undefined) merged.address = patch.address;
      const call = { method: 'PUT', path: `clients/${id}`, route: 'clients/:id', body: toBody(merged, true) } as const;
      // Written to `id`: an answer about another client is not what was written (UPSTREAM_BAD_RESPONSE).
      return ownAnswer(facts, id, toClient(facts, clientOf(facts, await http.send(call, scope, mode), true)));
    },
  };
}

/** Fatora's answers carry the client's id as `client.id` (docs: get, update). */
function ownAnswer(fatora: Sender, id: string, client: ClientRecord): ClientRecord {
  return answerFor(fatora, id, client, [client.providerId]);
}

/** The `client` of a SUCCESS answer; any other answer becomes the matching error. */
function clientOf(fatora: Sender, response: UpstreamResponse, isWrite: boolean): unknown {
  const body = response.json;
  if (isSuccess(response) && isRecord(body) && body.status === 'SUCCESS') {
    if (!isRecord(body.client)) throw badResponse(fatora, 'a SUCCESS answer without a client');
    return body.client;
  }
  if (!isRecord(body)) throw badResponse(fatora, `a non-JSON answer (HTTP ${response.status})`);
  if (!isWrite) throw badResponse(fatora, `an error to a read: ${errorText(body) ?? refusalText(fatora, response)}`);
  throw writeRefused(fatora, response, errorText(body));
}
