import { Provider } from '../../clients/client.js';
import { text } from '../../clients/fields.js';
import type { ClientLister, ListCapability } from '../../clients/list-port.js';
import { badResponse, isRecord, type ProviderHttp } from '../http.js';
import { toClient } from './mapper.js';

const IC = Provider.INVISIBLE_COLLECTOR;

/**
 * Invisible Collector has no list of all customers, only an exact search:
 * `GET /customers/find?email=&externalId=&phone=&vat=`, fields combined with AND, answered
 * with a bare array of every match, no paging (its C#, Go and Ruby SDKs).
 */
export const INVISIBLE_COLLECTOR_LISTING: ListCapability = {
  filters: {
    email: { matches: '`email`, exact', find: true },
    taxNumber: { matches: '`vat` (the vatNumber), exact', find: true },
    externalId: { matches: '`externalId`, exact', find: true },
  },
  unfiltered: false,
  paging: { kind: 'single' },
  hasNextPage: 'from the one answer that holds every match: true only while matches beyond `first` are left',
  totalCount: 'the number of matches',
};

const PARAMETER = { email: 'email', taxNumber: 'vat', externalId: 'externalId' } as const;

export function invisibleCollectorLister(http: ProviderHttp): ClientLister {
  return {
    listing: INVISIBLE_COLLECTOR_LISTING,
    async list({ filter }, scope) {
      const params = new URLSearchParams();
      for (const [field, name] of Object.entries(PARAMETER) as Array<[keyof typeof PARAMETER, string]>) {
        const value = filter[field];
        if (value !== undefined) params.set(name, value);
      }
      const response = await http.send({ method: 'GET', path: `customers/find?${params}`, route: 'customers/find' }, scope);
      const body = response.json;
      if (response.status < 200 || response.status >= 300 || !Array.isArray(body)) {
        const message = isRecord(body) ? text(body.message) : null;
        throw badResponse(IC, message ? `an error to a search: ${message}` : `an answer to a search that is not an array (HTTP ${response.status})`);
      }
      return { clients: body.map(toClient), hasMore: false, total: body.length };
    },
  };
}
