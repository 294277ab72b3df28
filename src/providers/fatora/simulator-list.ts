import { positiveParameter, type SimRequest, type SimResponse } from '../simulator-kit.js';

/**
 * Fatora's client list in the simulator: `GET /clients?keyword=&email=&page=&page_size=`
 * (fatora.io/api/getAllClients.php: "supports filtering and pagination", answer
 * `{"status":"SUCCESS","clients":[…]}`). Everything that page leaves open is played the
 * strictest way, so the service cannot come to rely on a kind reading:
 * - no total and no next-page field (none is documented): a client only learns there is no
 *   more from a short or empty page;
 * - `page` counts from 1 (whether it does is undocumented); 0, negatives and non-numbers are refused;
 * - `page_size` defaults to 20 and is silently capped at 20, the only value the docs show
 *   (the maximum is undocumented, and a silent cap is the one a client cannot detect);
 * - `keyword` matches any part of the name, email or phone, ignoring case (what it matches is
 *   undocumented); `email` matches any part of the email (whether it is exact is undocumented);
 * - a parameter the page does not list is refused (so a misspelt filter cannot silently list everyone);
 * - order is by id; a page beyond the last is `{"status":"SUCCESS","clients":[]}`.
 */

const PARAMETERS = new Set(['keyword', 'email', 'page', 'page_size']);
const MAX_PAGE_SIZE = 20;

const failure = (description: string): SimResponse => ({
  status: 400,
  body: { status: 'FAILURE', error: { error_code: '400', description } },
});

/** The list answer, or undefined when the request is not a list. */
export function fatoraList(request: SimRequest, clients: ReadonlyMap<number, Record<string, unknown>>): SimResponse | undefined {
  const { method, segments, query } = request;
  if (method !== 'GET' || segments.length !== 1 || segments[0] !== 'clients') return undefined;
  for (const key of query.keys()) if (!PARAMETERS.has(key)) return failure(`Unknown parameter ${key}`);
  const page = positiveParameter(query.get('page'), 1);
  const size = positiveParameter(query.get('page_size'), MAX_PAGE_SIZE);
  if (page === null || size === null) return failure('page and page_size must be positive integers');
  const keyword = query.get('keyword')?.toLowerCase() ?? '';
  const email = query.get('email')?.toLowerCase() ?? '';
  const has = (value: unknown, part: string) => typeof value === 'string' && value.toLowerCase().includes(part);
  const matching = [...clients.values()]
    .filter((c) => keyword === '' || has(c.name, keyword) || has(c.email, keyword) || has(c.phone, keyword))
    .filter((c) => email === '' || has(c.email, email))
    .sort((a, b) => (a.id as number) - (b.id as number));
  const pageSize = Math.min(size, MAX_PAGE_SIZE);
  return { status: 200, body: { status: 'SUCCESS', clients: matching.slice((page - 1) * pageSize, page * pageSize) } };
}
