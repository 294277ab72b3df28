import { text } from '../../clients/fields.js';
import type { ProviderApi } from '../../clients/provider.js';
import type { ProviderHttp } from '../http.js';
import { badResponse, isSuccess, type Sender } from '../http/answers.js';
import { isRecord } from '../json.js';
import { toClient } from './mapper.js';

/**
 * Invisible Collector has no list of all customers, only an exact search:
 * `GET /customers/find?email=&externalId=&phone=&vat=`, fields combined with AND, answered
 * with a bare array of every match, no paging (its C#, Go and Ruby SDKs). It serves the
 * filters the module declares (index.ts).
 */
const PARAMETER = { email: 'email', taxNumber: 'vat', externalId: 'externalId' } as const;

export function invisibleCollectorList(ic: Sender, http: ProviderHttp): NonNullable<ProviderApi['list']> {
  return async ({ filter }, scope) => {
    const params = new URLSearchParams();
    for (const [field, name] of Object.entries(PARAMETER) as Array<[keyof typeof PARAMETER, string]>) {
      const value = filter[field];
      if (value !== undefined) params.set(name, value);
    }
    const response = await http.send({ method: 'GET', path: `customers/find?${params}`, route: 'customers/find' }, scope);
    const body = response.json;
    if (!isSuccess(response) || !Array.isArray(body)) {
      const message = isRecord(body) ? text(body.message) : null;
      throw badResponse(ic, message ? `an error to a search: ${message}` : `an answer to a search that is not an array (HTTP ${response.status})`);
    }
    return { clients: body.map((raw) => toClient(ic, raw)), hasMore: false, total: body.length };
  };
}
