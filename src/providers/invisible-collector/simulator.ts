import { randomUUID } from 'node:crypto';
import { isRecord } from '../json.js';
import { invisibleCollectorFind } from './simulator-list.js';
import {
  accountOf, bearer, MAIN_ACCOUNT, perAccount, startSimulator, type SimResponse, type Simulator, type SimulatorOptions,
} from '../simulator-kit.js';
import type { Provider } from '../../clients/client.js';

/**
 * A stand-in for Invisible Collector's customer API. Each behaviour and its source (docs =
 * invisiblecollector.com customer pages; fixtures = invisiblecloud/invisible-collector-ruby
 * `spec/fixtures/customer/*.json`; C# = invisiblecloud/InvisibleCollectorLib; SDKs = its Java,
 * Go and C# libraries):
 * - Answers are bare customer objects with empty keys left out (docs' GET example, fixtures).
 * - Errors are `{"code","message"}`: 404 "Customer not found", 422 "Unprocessable request"
 *   (fixtures).
 * - A customer is found by gid or by externalId (docs: GET /customers/:id, SDKs' RoutableId).
 * - POST requires name, vatNumber and country (SDKs). Re-posting a customer identical to one it
 *   has answers that customer, 200 (SDKs: the POST is idempotent); a different customer with the
 *   same vatNumber is 409 `{"code":409,"gid","message"}` (SDKs; docs' error format). A different
 *   customer with the same externalId: undocumented (the sources cover only the VAT number);
 *   strictest reading: 409 the same way, since an externalId that two customers share could
 *   not be read back by (GET /customers/{externalId}).
 * - PUT carries "the fields to modify, including the mandatory ones" (docs): a key left out is
 *   kept, a key sent as `null` is cleared (C#: null sent on purpose to clear), and name and
 *   country must be in the body (the strictest reading of "including the mandatory ones").
 * - externalId is "an external identification of this customer. Mainly used to facilitate
 *   integration with external systems" (docs' GET attributes): any string, kept as sent and
 *   found exactly by the search (a copy's link, "daftra:512", is one). Whether IC limits its
 *   characters is undocumented; it is read back through the search, never a path, so none is
 *   refused here.
 * - The customer search (`GET /customers/find`): simulator-list.ts, whose top comment lists
 *   each of its behaviours and their sources.
 */

export const INVISIBLE_COLLECTOR_SIMULATOR_TOKEN = 'invisible-collector-simulator-token';

type Customer = Record<string, string>;

/** Every customer key a write can set (gid is IC's own). */
const KEYS = ['name', 'vatNumber', 'address', 'zipCode', 'city', 'country', 'email', 'phone', 'mobile', 'externalId', 'locale'];

/** The gid of the i-th seeded load-test customer (0-199). */
export const loadCustomerGid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function seed(): Map<string, Customer> {
  const customers: Customer[] = [
    // The example of IC's GET /customers/:id docs.
    {
      gid: '061d2feb-81c2-4694-a74a-13cecbe7d2ce', name: 'John Doe Inc.', vatNumber: 'PT543219876',
      address: 'Invisible Avenue, 456', zipCode: '1234-543', city: 'Lisbon', country: 'PT',
      email: 'john@doe.example', phone: '555-555-555', mobile: '444-444-444', externalId: '345', locale: 'pt',
    },
    {
      gid: '5b2c7e1a-3f4d-4a8b-9c6e-0d1f2a3b4c5d', name: 'Padaria Lusitana Lda', vatNumber: 'PT509876543',
      address: 'Rua Augusta, 100', zipCode: '1100-053', city: 'Lisboa', country: 'PT',
      email: 'contas@padaria.example', phone: '213 000 001', mobile: '912 000 001', externalId: 'ERP-0042', locale: 'pt-PT',
    },
    // Keys absent when empty: no address, phone, mobile, locale or externalId.
    { gid: 'a9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a', name: 'Nordic Supplies AB', vatNumber: 'SE556677889901', country: 'SE', email: 'ap@nordic.example' },
  ];
  // A crowd of plain customers for load tests, with deterministic gids so a benchmark can
  // name them: 00000000-0000-4000-8000-000000000000 … 00000000-0000-4000-8000-000000000199.
  for (let i = 0; i < 200; i++) {
    customers.push({ gid: loadCustomerGid(i), name: `Load Customer ${i}`, vatNumber: `PT${500000000 + i}`, country: 'PT' });
  }
  return new Map(customers.map((c) => [c.gid!, c]));
}

const failure = (code: number, message: string, extra: Customer = {}): SimResponse => ({ status: code, body: { code, message, ...extra } });
const notFound = failure(404, 'Customer not found');

/** The known keys of a body that hold a value: IC keeps no empty keys. */
function valuesOf(body: Record<string, unknown>): Customer {
  const values: Customer = {};
  for (const key of KEYS) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') values[key] = value;
  }
  return values;
}

/** The known keys a PUT clears: sent as null (or ""). */
function clearedBy(body: Record<string, unknown>): string[] {
  return KEYS.filter((key) => key in body && (body[key] === null || body[key] === ''));
}

export function startInvisibleCollectorSimulator(provider: Provider, options?: SimulatorOptions): Promise<Simulator> {
  // The main account holds the seed; a tenant's account starts empty.
  const accounts = perAccount((account) => (account === MAIN_ACCOUNT ? seed() : new Map<string, Customer>()));
  const find = (customers: Map<string, Customer>, id: string) =>
    customers.get(id) ?? [...customers.values()].find((c) => c.externalId === id);
  /** The 422 or 409 a write meets, if any. */
  const refusal = (customers: Map<string, Customer>, values: Customer, required: string[], exceptGid?: string): SimResponse | undefined => {
    const missing = required.find((key) => values[key] === undefined);
    if (missing) return failure(422, `${missing} is required`);
    if (values.country !== undefined && !/^[A-Z]{2}$/.test(values.country)) return failure(422, 'country must be an ISO 3166-1 alpha-2 code');
    // Another customer already holding the vatNumber or externalId.
    const taken = [...customers.values()].find((c) => c.gid !== exceptGid
      && ((values.vatNumber !== undefined && c.vatNumber === values.vatNumber)
        || (values.externalId !== undefined && c.externalId === values.externalId)));
    return taken ? failure(409, 'Customer already registered', { gid: taken.gid! }) : undefined;
  };

  return startSimulator({
    // Its identity is the module's it is started for (simulators.ts), never a copy's leftover.
    provider,
    basePath: '',
    credentials: { authorization: `Bearer ${INVISIBLE_COLLECTOR_SIMULATOR_TOKEN}` },
    env: (url) => ({ INVISIBLE_COLLECTOR_API_URL: url, INVISIBLE_COLLECTOR_API_TOKEN: INVISIBLE_COLLECTOR_SIMULATOR_TOKEN }),
    authorize: (headers) => accountOf(bearer(headers), INVISIBLE_COLLECTOR_SIMULATOR_TOKEN),
    unauthorized: failure(401, 'Unauthorized'),
    handle(request) {
      const { method, segments, body, account } = request;
      const customers = accounts(account);
      const found = invisibleCollectorFind(request, customers); if (found) return found;
      const [collection, id, extra] = segments;
      if (collection !== 'customers' || extra !== undefined) return failure(404, 'Not found');
      if (id === undefined) {
        if (method !== 'POST') return failure(404, 'Not found');
        if (!isRecord(body)) return failure(422, 'Unprocessable request');
        const values = valuesOf(body);
        const same = [...customers.values()].find((c) => c.vatNumber === values.vatNumber
          && Object.keys({ ...c, ...values }).every((key) => key === 'gid' || c[key] === values[key]));
        if (same) return { status: 200, body: same };
        const refused = refusal(customers, values, ['name', 'vatNumber', 'country']);
        if (refused) return refused;
        const customer = { ...values, gid: randomUUID() };
        customers.set(customer.gid, customer);
        return { status: 201, body: customer };
      }
      const current = find(customers, id);
      if (method !== 'GET' && method !== 'PUT') return failure(404, 'Not found');
      if (!current) return notFound;
      if (method === 'GET') return { status: 200, body: current };
      if (!isRecord(body)) return failure(422, 'Unprocessable request');
      // Keys left out are kept, keys sent as null are cleared; the gid stays.
      const values = valuesOf(body);
      const refused = refusal(customers, values, ['name', 'country'], current.gid);
      if (refused) return refused;
      const gid = current.gid!;
      const customer: Customer = { ...current, ...values, gid };
      for (const key of clearedBy(body)) delete customer[key];
      customers.set(gid, customer);
      return { status: 200, body: customer };
    },
  }, options);
}
