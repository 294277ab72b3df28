import { positiveParameter, type SimRequest, type SimResponse } from '../simulator-kit.js';

/**
 * Daftra's client lists in the simulator, as its API project export and docs give them
 * (repo AlazabDev/daftra-connect-hub, `docs/Daftra API.apidog.json`; docs pages "Filtering",
 * "API Improvements", "Endpoints Structure"):
 *
 * v1 `GET /api2/clients{format}` (`clients` or `clients.json`): `page` from 1 (default 1),
 * `limit` (default 20; silently capped at 1000, the clients schema's maximum), answer
 * `{"code":200,"result":"successful","data":[{"Client":{…}}],"pagination":{"prev","next","page",
 * "page_count","total_results"}}`. No filter is documented for v1, and the strictest reading is
 * that it ignores one: a `filter[…]` sent here lists everyone.
 *
 * v2 `GET /v2/api/entity/client/list/{level}`: `page`, `per_page` (default 20), `filter[field]=v`
 * (equal) or `filter[field][op]=v` (`eq`, `like`, `gte`, `lte`, `in`), `sort[field]=asc|desc`.
 * The envelope is documented two ways; this answers the flat one, `{current_page, data, per_page,
 * total}`, the one without `last_page`, with plain client objects as items. Filterable fields
 * are only those the generic docs suggest for clients (`email`, `bn1`, `business_name`,
 * `modified`); any other field or operator is refused with 400. `like` is SQL LIKE (`%`, `_`,
 * `\` escapes); whether it ignores case is undocumented, so the strictest reading: it does not
 * (a search for "delta" misses "Delta Foods"). `eq` is exact.
 *
 * Both: ordered by id unless sorted; a page beyond the last has an empty `data`.
 */

type Client = Record<string, unknown>;

const FILTERABLE = new Set(['email', 'bn1', 'business_name', 'modified']);
const V1_MAX_LIMIT = 1000;

const failed = (status: number, message: string): SimResponse => ({ status, body: { code: status, result: 'failed', message } });

const byId = (clients: ReadonlyMap<number, Client>) => [...clients.values()].sort((a, b) => (a.id as number) - (b.id as number));

/** The v1 list answer (below /api2), or undefined when the request is not one. */
export function daftraV1List(request: SimRequest, clients: ReadonlyMap<number, Client>): SimResponse | undefined {
  const { method, segments, query } = request;
  if (method !== 'GET' || segments.length !== 1 || (segments[0] !== 'clients' && segments[0] !== 'clients.json')) return undefined;
  const page = positiveParameter(query.get('page'), 1);
  const limit = positiveParameter(query.get('limit'), 20);
  if (page === null || limit === null) return failed(400, 'page and limit must be positive integers');
  const all = byId(clients);
  const size = Math.min(limit, V1_MAX_LIMIT);
  const pageCount = Math.ceil(all.length / size);
  return {
    status: 200,
    body: {
      code: 200,
      result: 'successful',
      data: all.slice((page - 1) * size, page * size).map((client) => ({ Client: client })),
      pagination: {
        prev: page > 1 ? page - 1 : null,
        next: page < pageCount ? page + 1 : null,
        page,
        page_count: pageCount,
        total_results: all.length,
      },
    },
  };
}

/** The v2 entity list answer (outside /api2), or a 404 for any other path there. */
export function daftraV2List(request: SimRequest, clients: ReadonlyMap<number, Client>): SimResponse {
  const { method, segments, query } = request;
  const path = segments.join('/');
  if (method !== 'GET' || !/^v2\/api\/entity\/client\/list\/\d+$/.test(path)) return failed(404, 'Not found');
  const page = positiveParameter(query.get('page'), 1);
  const perPage = positiveParameter(query.get('per_page'), 20);
  if (page === null || perPage === null) return failed(400, 'page and per_page must be positive integers');
  const tests: Array<(client: Client) => boolean> = [];
  let sort: { field: string; descending: boolean } | null = null;
  for (const [key, value] of query) {
    if (key === 'page' || key === 'per_page') continue;
    const filter = /^filter\[([a-z0-9_]+)\](?:\[([a-z]+)\])?$/.exec(key);
    const sorting = /^sort\[([a-z0-9_]+)\]$/.exec(key);
    if (sorting && (value === 'asc' || value === 'desc')) {
      sort = { field: sorting[1]!, descending: value === 'desc' };
      continue;
    }
    if (!filter || !FILTERABLE.has(filter[1]!)) return failed(400, `Invalid parameter ${key}`);
    const test = condition(filter[1]!, filter[2] ?? 'eq', value);
    if (!test) return failed(400, `Invalid filter operator in ${key}`);
    tests.push(test);
  }
  let matching = byId(clients).filter((client) => tests.every((test) => test(client)));
  if (sort) {
    const { field, descending } = sort;
    matching = matching.sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')) * (descending ? -1 : 1));
  }
  return {
    status: 200,
    body: { current_page: page, data: matching.slice((page - 1) * perPage, page * perPage), per_page: perPage, total: matching.length },
  };
}

function condition(field: string, op: string, value: string): ((client: Client) => boolean) | null {
  const of = (client: Client) => String(client[field] ?? '');
  switch (op) {
    case 'eq': return (client) => of(client) === value;
    case 'like': {
      const pattern = likePattern(value);
      return (client) => pattern.test(of(client));
    }
    case 'gte': return (client) => of(client) >= value;
    case 'lte': return (client) => of(client) <= value;
    case 'in': {
      const values = new Set(value.split(','));
      return (client) => values.has(of(client));
    }
    default: return null;
  }
}

/** SQL LIKE as a regular expression: `%` any run, `_` one character, `\` escapes; case counts (see the top). */
function likePattern(like: string): RegExp {
  let source = '';
  for (let i = 0; i < like.length; i++) {
    const char = like[i]!;
    if (char === '\\' && i + 1 < like.length) source += escapeRegExp(like[++i]!);
    else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
