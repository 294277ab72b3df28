import type { SimRequest, SimResponse } from '../simulator-kit.js';

/**
 * Invisible Collector's customer search in the simulator: `GET /customers/find` with `email`,
 * `externalId`, `phone` and `vat` (not `vatNumber`), exact matches combined with AND, the answer
 * a bare JSON array, `[]` when none (the C# SDK's FindCustomers.cs, the Go SDK's
 * findCustomers.go, the Ruby SDK's customer_resource.rb#find and its fixture find.json). No
 * paging and no list of all customers exists in any SDK or docs page. Undocumented corners, the
 * strictest way: a parameter the SDKs never send is refused (so `vatNumber` cannot silently
 * match everyone), and so is a search without any parameter.
 */

const PARAMETERS: Record<string, string> = { email: 'email', externalId: 'externalId', phone: 'phone', vat: 'vatNumber' };

const failure = (code: number, message: string): SimResponse => ({ status: code, body: { code, message } });

/** The find answer, or undefined when the request is not a find. */
export function invisibleCollectorFind(request: SimRequest, customers: ReadonlyMap<string, Record<string, string>>): SimResponse | undefined {
  const { method, segments, query } = request;
  if (method !== 'GET' || segments.length !== 2 || segments[0] !== 'customers' || segments[1] !== 'find') return undefined;
  const criteria: Array<[string, string]> = [];
  for (const [key, value] of query) {
    const field = PARAMETERS[key];
    if (field === undefined) return failure(400, `Unknown parameter ${key}`);
    criteria.push([field, value]);
  }
  if (criteria.length === 0) return failure(400, 'At least one search parameter is required');
  const found = [...customers.values()].filter((customer) => criteria.every(([field, value]) => customer[field] === value));
  return { status: 200, body: found };
}
