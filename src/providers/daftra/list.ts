import { Provider } from '../../clients/client.js';
import { text } from '../../clients/fields.js';
import type { ClientFilter, ClientLister, ListCapability, ListQuery } from '../../clients/list-port.js';
import { badResponse, isRecord, type ProviderHttp, type UpstreamCall, type UpstreamResponse } from '../http.js';
import { pathOf, toClient } from './mapper.js';

/**
 * Daftra's client lists (its API project export; docs pages "Filtering", "API Improvements"):
 * without a filter, v1 `GET /api2/clients?page=&limit=` with its `pagination`; with one, the
 * v2 entity list `GET /v2/api/entity/client/list/{level}?page=&per_page=&filter[...]`, which
 * lives beside /api2 on the account's host. Which client fields v2 filters on is inferred from
 * its generic filter docs (`email`, `bn1`, `business_name`).
 */

/** bn1 is searched as the tax number only where the Daftra mapping says bn1 holds it. */
const TAX_KEY = pathOf('bn1')?.[0] === 'taxNumber' ? 'bn1' : null;

export const DAFTRA_LISTING: ListCapability = {
  filters: {
    search: { matches: 'v2 `filter[business_name][like]=%…%`: part of the business name, ignoring case', find: false },
    email: { matches: 'v2 `filter[email]`, exact', find: true },
    ...(TAX_KEY ? { taxNumber: { matches: `v2 \`filter[${TAX_KEY}]\`, exact`, find: true } } : {}),
  },
  unfiltered: true,
  // v1's limit goes to 1000; v2's per_page maximum is undocumented, and `first` stops at 100.
  paging: { kind: 'sized', max: 100 },
  hasNextPage: "Daftra's own pagination: `page < page_count` (v1), `current_page < last_page` or `current_page × per_page < total` (v2)",
  totalCount: "Daftra's `total_results` (v1) or `total` (v2)",
};

/** v2's `{level}` path segment: 1, the plain record. */
const V2_LIST = 'v2/api/entity/client/list/1';

export function daftraLister(http: ProviderHttp): ClientLister {
  return {
    listing: DAFTRA_LISTING,
    async list(query, scope) {
      const filtered = Object.keys(query.filter).length > 0;
      const response = await http.send(filtered ? v2Call(query) : v1Call(query), scope);
      return filtered ? v2Page(response, query) : v1Page(response, query);
    },
  };
}

function v1Call({ page, size }: ListQuery): UpstreamCall {
  return { method: 'GET', path: `clients?${new URLSearchParams({ page: String(page), limit: String(size) })}`, route: 'clients' };
}

function v2Call({ filter, page, size }: ListQuery): UpstreamCall {
  const params = new URLSearchParams({ page: String(page), per_page: String(size) });
  for (const [key, value] of v2Filters(filter)) params.set(key, value);
  // The base URL is the account's /api2; v2 sits beside it, one level up.
  return { method: 'GET', path: `../${V2_LIST}?${params}`, route: 'v2/api/entity/client/list/:level' };
}

function v2Filters(filter: ClientFilter): Array<[string, string]> {
  const filters: Array<[string, string]> = [];
  if (filter.search !== undefined) filters.push(['filter[business_name][like]', `%${filter.search.replace(/[\\%_]/g, '\\$&')}%`]);
  if (filter.email !== undefined) filters.push(['filter[email]', filter.email]);
  if (filter.taxNumber !== undefined && TAX_KEY) filters.push([`filter[${TAX_KEY}]`, filter.taxNumber]);
  return filters;
}

function v1Page(response: UpstreamResponse, query: ListQuery) {
  const body = successful(response);
  const pagination = isRecord(body.pagination) ? body.pagination : null;
  const pageCount = count(pagination?.page_count);
  if (!Array.isArray(body.data) || pageCount === null) throw badResponse(Provider.DAFTRA, 'a list without data or pagination.page_count');
  return { clients: body.data.map(item), hasMore: query.page < pageCount, total: count(pagination?.total_results) };
}

/** Either documented envelope: `{data, meta:{current_page,total,last_page}}` or `{current_page, data, per_page, total}`. */
function v2Page(response: UpstreamResponse, query: ListQuery) {
  const body = successful(response);
  if (!Array.isArray(body.data)) throw badResponse(Provider.DAFTRA, 'a list without data');
  const meta = isRecord(body.meta) ? body.meta : body;
  const total = count(meta.total);
  const lastPage = count(meta.last_page);
  const perPage = count(meta.per_page) ?? query.size;
  const hasMore = lastPage !== null ? query.page < lastPage : total !== null ? query.page * perPage < total : null;
  if (hasMore === null) throw badResponse(Provider.DAFTRA, 'a list without last_page or total');
  return { clients: body.data.map(item), hasMore, total };
}

function successful(response: UpstreamResponse): Record<string, unknown> {
  const body = response.json;
  if (!isRecord(body)) throw badResponse(Provider.DAFTRA, `a non-JSON answer to a list (HTTP ${response.status})`);
  if (response.status < 200 || response.status >= 300 || body.result === 'failed' || body.result === 'fail') {
    throw badResponse(Provider.DAFTRA, `an error to a list: ${text(body.message) ?? `HTTP ${response.status}`}`);
  }
  return body;
}

/** A list item: v1 wraps each client as `{"Client":{…}}`, v2's entity list may not. */
function item(value: unknown) {
  return toClient(isRecord(value) && isRecord(value.Client) ? value.Client : value);
}

function count(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}
