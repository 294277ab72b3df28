import { text } from '../../clients/fields.js';
import type { FieldTable } from '../../clients/field-table.js';
import type { ClientFilter, ListQuery } from '../../clients/list-port.js';
import type { ProviderApi, ProviderFacts } from '../../clients/provider.js';
import type { ProviderHttp } from '../http.js';
import { badResponse, isSuccess, type Sender, type UpstreamResponse } from '../http/answers.js';
import type { UpstreamCall } from '../http/call.js';
import { isRecord } from '../json.js';
import { saysFailed } from './error-answer.js';
import { toClient } from './mapper.js';

/** What the list needs of the module: who it is, and the field table its filters and items go by. */
type DaftraFacts = Sender & Pick<ProviderFacts, 'fields'>;

/**
 * Daftra's client lists (its API project export; docs pages "Filtering", "API Improvements"),
 * serving the filters the module declares (index.ts): without a filter, v1
 * `GET /api2/clients?page=&limit=` with its `pagination`; with one, the v2 entity list
 * `GET /v2/api/entity/client/list/{level}?page=&per_page=&filter[...]`, which lives beside
 * /api2 on the account's host. Filters go by the field table's keys (`email`, the tax number's
 * `bn1`), so the list and the reads agree on what each key is.
 */

/** v2's `{level}` path segment: 1, the plain record. */
const V2_LIST = 'v2/api/entity/client/list/1';

export function daftraList(daftra: DaftraFacts, http: ProviderHttp): NonNullable<ProviderApi['list']> {
  return async (query, scope) => {
    const filtered = Object.keys(query.filter).length > 0;
    const response = await http.send(filtered ? v2Call(daftra.fields, query) : v1Call(query), scope);
    return filtered ? v2Page(daftra, response, query) : v1Page(daftra, response, query);
  };
}

function v1Call({ page, size }: ListQuery): UpstreamCall {
  return { method: 'GET', path: `clients?${new URLSearchParams({ page: String(page), limit: String(size) })}`, route: 'clients' };
}

function v2Call(fields: FieldTable, { filter, page, size }: ListQuery): UpstreamCall {
  const params = new URLSearchParams({ page: String(page), per_page: String(size) });
  for (const [key, value] of v2Filters(fields, filter)) params.set(key, value);
  // The base URL is the account's /api2; v2 sits beside it, one level up.
  return { method: 'GET', path: `../${V2_LIST}?${params}`, route: 'v2/api/entity/client/list/:level' };
}

function v2Filters(fields: FieldTable, filter: ClientFilter): Array<[string, string]> {
  const key = (field: 'name' | 'email' | 'taxNumber') => {
    const name = fields[field]?.key;
    if (name === undefined) throw new Error(`Daftra's field table has no key for ${field}, which its filters use`);
    return name;
  };
  const filters: Array<[string, string]> = [];
  if (filter.search !== undefined) filters.push([`filter[${key('name')}][like]`, `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`]);
  if (filter.email !== undefined) filters.push([`filter[${key('email')}]`, filter.email]);
  if (filter.taxNumber !== undefined) filters.push([`filter[${key('taxNumber')}]`, filter.taxNumber]);
  return filters;
}

function v1Page(daftra: DaftraFacts, response: UpstreamResponse, query: ListQuery) {
  const body = successful(daftra, response);
  const pagination = isRecord(body.pagination) ? body.pagination : null;
  const pageCount = count(pagination?.page_count);
  if (!Array.isArray(body.data) || pageCount === null) throw badResponse(daftra, 'a list without data or pagination.page_count');
  return { clients: body.data.map((value) => item(daftra, value)), hasMore: query.page < pageCount, total: count(pagination?.total_results) };
}

/** Either documented envelope: `{data, meta:{current_page,total,last_page}}` or `{current_page, data, per_page, total}`. */
function v2Page(daftra: DaftraFacts, response: UpstreamResponse, query: ListQuery) {
  const body = successful(daftra, response);
  if (!Array.isArray(body.data)) throw badResponse(daftra, 'a list without data');
  const meta = isRecord(body.meta) ? body.meta : body;
  const total = count(meta.total);
  const lastPage = count(meta.last_page);
  const perPage = count(meta.per_page) ?? query.size;
  const hasMore = lastPage !== null ? query.page < lastPage : total !== null ? query.page * perPage < total : null;
  if (hasMore === null) throw badResponse(daftra, 'a list without last_page or total');
  return { clients: body.data.map((value) => item(daftra, value)), hasMore, total };
}

function successful(daftra: Sender, response: UpstreamResponse): Record<string, unknown> {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(daftra, `a non-JSON answer to a list (HTTP ${response.status})`);
  if (!isSuccess(response) || saysFailed(body)) {
    throw badResponse(daftra, `an error to a list: ${text(body.message) ?? `HTTP ${response.status}`}`);
  }
  return body;
}

/** A list item: v1 wraps each client as `{"Client":{…}}`, v2's entity list may not. */
function item(daftra: DaftraFacts, value: unknown) {
  return toClient(daftra, isRecord(value) && isRecord(value.Client) ? value.Client : value);
}

function count(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}
