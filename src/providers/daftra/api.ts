import { pathOfKey } from '../../clients/field-table.js';
import type { ClientRecord } from '../../clients/client.js';
import { text } from '../../clients/fields.js';
import type { FieldProblem } from '../../clients/errors.js';
import type { ProviderApi, ProviderFacts } from '../../clients/provider.js';
import type { RequestScope } from '../../clients/scope.js';
import type { ProviderSettings } from '../../clients/settings.js';
import { createHttp } from '../http.js';
import { answerFor, badResponse, isMissing, isSuccess, refusalText, writeRefused, type Sender, type UpstreamResponse } from '../http/answers.js';
import { isNumericId } from '../ids.js';
import { isRecord } from '../json.js';
import type { ApiOptions } from '../module.js';
import { isDaftraError, saysFailed } from './error-answer.js';
import { daftraList } from './list.js';
import { toBody, toClient, toUpdateBody } from './mapper.js';

/**
 * Daftra's client API: GET/PUT /clients/{id}, POST /clients, Bearer token or apikey header.
 * The docs show a `format` path segment (clients/{id}.json); the team settled on plain
 * clients/{id}. Write answers carry no client, so every write is followed by a GET.
 */
export function createDaftraApi(facts: ProviderFacts, settings: ProviderSettings | null, options: ApiOptions): ProviderApi {
  const http = createHttp(facts, settings, options);
  const { fields } = facts;

  async function get(id: string, scope: RequestScope): Promise<ClientRecord | null> {
    const response = await http.send({ method: 'GET', path: `clients/${id}`, route: 'clients/:id' }, scope);
    if (isMissing(facts, response, isDaftraError)) return null;
    // Its answer carries the client's id as `data.Client.id` (docs: get client).
    const client = toClient(facts, clientOf(facts, response));
    return answerFor(facts, id, client, [client.providerId]);
  }

  async function reread(id: string, scope: RequestScope): Promise<ClientRecord> {
    const client = await get(id, scope);
    if (client === null) throw badResponse(facts, `a 404 for client ${id} right after writing it`);
    return client;
  }

  return {
    facts,
    configured: settings !== null,
    rateBudget: http.rateBudget,
    get,
    probe: http.probe,
    writeInDoubt: http.writeInDoubt,
    close: http.close,
    list: daftraList(facts, http),

    async create(values, scope, mode) {
      const call = { method: 'POST', path: 'clients', route: 'clients', body: toBody(fields, values, true) } as const;
      const answer = written(facts, await http.send(call, scope, mode));
      const id = text(answer.id);
      // The id goes into the next URL, so it must look like one.
      if (answer.result !== 'successful' || id === null || !isNumericId(id)) {
        throw badResponse(facts, 'a create answer without a client id');
      }
      return reread(id, scope);
    },

    // The whole record, the patch merged in (toUpdateBody says why), to the id the caller asked for.
    async update(id, patch, current, scope, mode) {
      const body = toUpdateBody(fields, patch, current.raw);
      written(facts, await http.send({ method: 'PUT', path: `clients/${id}`, route: 'clients/:id', body }, scope, mode));
      return reread(id, scope);
    },
  };
}

/** The `data.Client` of a successful read; any other answer is not what Daftra documents. */
function clientOf(daftra: Sender, response: UpstreamResponse): unknown {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(daftra, `a non-JSON answer (HTTP ${response.status})`);
  if (!isSuccess(response) || body.result !== 'successful') {
    throw badResponse(daftra, `an error to a read: ${text(body.message) ?? refusalText(daftra, response)}`);
  }
  if (!isRecord(body.data) || !isRecord(body.data.Client)) throw badResponse(daftra, 'a successful answer without a Client');
  return body.data.Client;
}

/**
 * The body of an accepted write. A refusal comes either as documented, HTTP 400 with
 * `"result":"failed"` and a flat `validation_errors` map, or as HTTP 200 with `"result":"fail"`
 * and `validation_errors.Client`; any other 2xx is taken as accepted (the update answer is
 * `{"code":200,"result":"successful"}`).
 */
function written(daftra: Sender & Pick<ProviderFacts, 'fields'>, response: UpstreamResponse): Record<string, unknown> {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(daftra, `a non-JSON answer (HTTP ${response.status})`);
  if (isSuccess(response) && !saysFailed(body)) return body;
  throw writeRefused(daftra, response, text(body.message), problemsOf(daftra.fields, body));
}

/**
 * `validation_errors` as problems on our field paths, in either documented shape: flat
 * (`{"email":"Email already exists"}`) or nested under the model (`{"Client":{"email":[…]}}`),
 * each reason a string or a list of strings.
 */
function problemsOf(fields: ProviderFacts['fields'], body: Record<string, unknown>): FieldProblem[] {
  const all = body.validation_errors;
  if (!isRecord(all)) return [];
  const errors = isRecord(all.Client) ? all.Client : all;
  return Object.entries(errors).flatMap(([key, reasons]) => {
    const field = pathOfKey(fields, key);
    return [reasons].flat()
      .filter((reason): reason is string => typeof reason === 'string')
      .map((reason) => ({ field, message: field ? reason : `${key}: ${reason}` }));
  });
}
