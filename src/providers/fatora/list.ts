import { Provider } from '../../clients/client.js';
import type { ClientLister, ListCapability } from '../../clients/list-port.js';
import { badResponse, isMissing, isRecord, type ProviderHttp, type UpstreamResponse } from '../http.js';
import { toClient } from './mapper.js';

/**
 * Fatora's client list: `GET /clients?keyword=&email=&page=&page_size=` (fatora.io/api/getAllClients.php).
 * The page documents no total and no next-page field, no tax-number or external-id filter,
 * and neither the page size maximum nor what `keyword` matches or whether `email` is exact.
 */
export const FATORA_LISTING: ListCapability = {
  filters: {
    search: { matches: '`keyword` (what it matches is undocumented)', find: false },
    email: { matches: '`email` (whether it is exact is undocumented)', find: true },
  },
  unfiltered: true,
  // The only page size the docs show is 20 and the maximum is undocumented: a larger size
  // silently cut short would look like the last page and hide clients, so never more than 20.
  paging: { kind: 'sized', max: 20 },
  hasNextPage: 'a full page means "maybe more" (Fatora gives no count): the next page may come back empty',
  totalCount: 'null (Fatora does not say)',
};

export function fatoraLister(http: ProviderHttp): ClientLister {
  return {
    listing: FATORA_LISTING,
    async list({ filter, page, size }, scope) {
      const params = new URLSearchParams();
      if (filter.search !== undefined) params.set('keyword', filter.search);
      if (filter.email !== undefined) params.set('email', filter.email);
      params.set('page', String(page));
      params.set('page_size', String(size));
      const response = await http.send({ method: 'GET', path: `clients?${params}`, route: 'clients' }, scope);
      const clients = clientsOf(response);
      return { clients: clients.map(toClient), hasMore: clients.length >= size, total: null };
    },
  };
}

/** The `clients` of a SUCCESS answer. A 404 in Fatora's own error shape is taken as a page beyond the last (undocumented). */
function clientsOf(response: UpstreamResponse): unknown[] {
  if (isMissing(Provider.FATORA, response, isFatoraError)) return [];
  const body = response.json;
  if (response.status >= 200 && response.status < 300 && isRecord(body) && body.status === 'SUCCESS' && Array.isArray(body.clients)) {
    return body.clients;
  }
  const error = isRecord(body) ? body.error : undefined;
  const said = typeof error === 'string' ? error : isRecord(error) && typeof error.description === 'string' ? error.description : null;
  throw badResponse(Provider.FATORA, said ? `an error to a list: ${said}` : `an answer to a list that is not its documented shape (HTTP ${response.status})`);
}

function isFatoraError(body: unknown): boolean {
  return isRecord(body) && (body.status === 'FAILURE' || body.status === 'ERROR') && body.error !== undefined;
}
