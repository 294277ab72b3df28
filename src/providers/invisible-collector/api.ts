import { globalId, type ClientRecord } from '../../clients/client.js';
import { text } from '../../clients/fields.js';
import { isRouteWord } from '../../clients/global-id.js';
import { WriteRefusedError } from '../../clients/errors.js';
import type { ProviderApi, ProviderFacts } from '../../clients/provider.js';
import type { ProviderSettings } from '../../clients/settings.js';
import { createHttp } from '../http.js';
import { answerFor, badResponse, isMissing, isSuccess, refusalText, writeRefused, type Sender, type UpstreamResponse } from '../http/answers.js';
import { isTokenId } from '../ids.js';
import { isRecord } from '../json.js';
import type { ApiOptions } from '../module.js';
import { invisibleCollectorList } from './list.js';
import { createBody, toClient, updateBody } from './mapper.js';

/**
 * Invisible Collector's customer API: GET/PUT /customers/{gid or externalId}, POST /customers,
 * Bearer token. Answers are the bare customer; errors are `{"code","message"}`.
 */
export function createInvisibleCollectorApi(facts: ProviderFacts, settings: ProviderSettings | null, options: ApiOptions): ProviderApi {
  const http = createHttp(facts, settings, options);
  const list = invisibleCollectorList(facts, http);
  return {
    facts,
    configured: settings !== null,
    rateBudget: http.rateBudget,
    probe: http.probe,
    writeInDoubt: http.writeInDoubt,
    close: http.close,
    list,
    // A customer is read by gid or by externalId alike.
    aliases: (client) => (client.externalId && isTokenId(client.externalId) ? [client.externalId] : []),

    async get(id, scope) {
      // "find" in `customers/{id}` would be taken for the search route: such an id (only an
      // externalId can be one) is looked up by that search instead, which matches it exactly.
      if (isRouteWord(id, facts.routeWords.words)) {
        const { clients } = await list({ filter: { externalId: id }, page: 1, size: 1 }, scope);
        if (clients.length > 1) throw badResponse(facts, `${clients.length} customers with the externalId ${id}`);
        return clients[0] ? ownAnswer(facts, id, clients[0]) : null;
      }
      // The id syntax already keeps ids to URL-safe characters; encoding keeps that true if it loosens.
      const response = await http.send({ method: 'GET', path: `customers/${encodeURIComponent(id)}`, route: 'customers/:id' }, scope);
      if (isMissing(facts, response, isIcError)) return null;
      return ownAnswer(facts, id, toClient(facts, customerOf(facts, response, false)));
    },

    // IC answers a POST of a customer it already has, unchanged, with that customer.
    async create(fields, scope, mode) {
      const response = await http.send({ method: 'POST', path: 'customers', route: 'customers', body: createBody(facts.fields, fields) }, scope, mode);
      return toClient(facts, customerOf(facts, response, true));
    },

    // Written by gid (validated when read), whichever id the caller used.
    async update(_id, patch, current, scope, mode) {
      const path = `customers/${encodeURIComponent(current.providerId)}`;
      const response = await http.send({ method: 'PUT', path, route: 'customers/:id', body: updateBody(facts.fields, patch, current) }, scope, mode);
      return ownAnswer(facts, current.providerId, toClient(facts, customerOf(facts, response, true)));
    },
  };
}

/**
 * A customer is read by its gid or its externalId (docs: GET /customers/:id), and the answer
 * carries both (`gid`, `externalId`). A gid is a UUID, which is the same in either case.
 */
function ownAnswer(ic: Sender, id: string, client: ClientRecord): ClientRecord {
  const gid = client.providerId.toLowerCase() === id.toLowerCase() ? [id] : [];
  return answerFor(ic, id, client, [...gid, ...(client.externalId === null ? [] : [client.externalId])]);
}

/** The customer of a 2xx answer; any other answer becomes the matching error. */
function customerOf(ic: Sender, response: UpstreamResponse, isWrite: boolean): unknown {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(ic, `an answer that is not a JSON object (HTTP ${response.status})`);
  if (isSuccess(response)) return body;
  const message = text(body.message) ?? refusalText(ic, response);
  if (!isWrite) throw badResponse(ic, `an error to a read: ${message}`);
  if (response.status === 409) {
    // The 409 names the customer already holding this vatNumber, as `gid` (docs) or `id` (the
    // C# and Go SDKs read both); IC's Ruby fixture has neither.
    const existing = [text(body.gid), text(body.id)].find((id): id is string => id !== null && isTokenId(id));
    throw new WriteRefusedError('CONFLICT', existing ? `${message} (existing client ${globalId(ic.id, existing)})` : message, { provider: ic.id });
  }
  throw writeRefused(ic, response, message);
}

/** Invisible Collector's own error answer: `{"code":404,"message":…}`. */
function isIcError(body: unknown): boolean {
  return isRecord(body) && body.code === 404 && typeof body.message === 'string';
}
