import type { ProviderApi } from '../../clients/provider.js';
import type { ProviderHttp } from '../http.js';
import { badResponse, isMissing, isSuccess, type Sender, type UpstreamResponse } from '../http/answers.js';
import { isRecord } from '../json.js';
import { errorText, isFatoraError } from './error-answer.js';
import { toClient } from './mapper.js';

/**
 * Fatora's client list: `GET /clients?keyword=&email=&page=&page_size=` (fatora.io/api/getAllClients.php),
 * serving the filters the module declares (index.ts). The page documents no total and no
 * next-page field, so a full page is taken as "maybe more".
 */
export function fatoraList(fatora: Sender, http: ProviderHttp): NonNullable<ProviderApi['list']> {
  return async ({ filter, page, size }, scope) => {
    const params = new URLSearchParams();
    if (filter.search !== undefined) params.set('keyword', filter.search);
    if (filter.email !== undefined) params.set('email', filter.email);
    params.set('page', String(page));
    params.set('page_size', String(size));
    const response = await http.send({ method: 'GET', path: `clients?${params}`, route: 'clients' }, scope);
    const clients = clientsOf(fatora, response);
    return { clients: clients.map((raw) => toClient(fatora, raw)), hasMore: clients.length >= size, total: null };
  };
}

/** The `clients` of a SUCCESS answer. A 404 in Fatora's own error shape is taken as a page beyond the last (undocumented). */
function clientsOf(fatora: Sender, response: UpstreamResponse): unknown[] {
  if (isMissing(fatora, response, isFatoraError)) return [];
  const body = response.json;
  if (isSuccess(response) && isRecord(body) && body.status === 'SUCCESS' && Array.isArray(body.clients)) {
    return body.clients;
  }
  const said = errorText(body);
  throw badResponse(fatora, said ? `an error to a list: ${said}` : `an answer to a list that is not its documented shape (HTTP ${response.status})`);
}
