import {
  ADDRESS_PARTS, globalId, Provider,
  type AddressPart, type ClientFields, type ClientRecord, type FieldPath,
} from '../../clients/client.js';
import { addressOrNull, joinParts, text, valueAt } from '../../clients/fields.js';
import { badResponse, isRecord } from '../http.js';

/** Daftra `Client` JSON ⇄ ClientRecord. Pure functions, no I/O. */

/**
 * Our field path ⇄ Daftra's key: the one table that reads, writes, `supports` and the paths of
 * validation errors all use. A created client's name goes to `business_name`.
 */
const KEYS: ReadonlyArray<readonly [FieldPath, string]> = [
  [['name'], 'business_name'],
  [['email'], 'email'],
  [['phone'], 'phone1'],
  [['mobile'], 'phone2'],
  [['address', 'line1'], 'address1'],
  [['address', 'line2'], 'address2'],
  [['address', 'city'], 'city'],
  [['address', 'region'], 'state'],
  [['address', 'postalCode'], 'postal_code'],
  [['address', 'countryCode'], 'country_code'],
  [['notes'], 'notes'],
  [['taxNumber'], 'bn1'],
];

const samePath = (a: FieldPath, b: FieldPath) => a[0] === b[0] && a[1] === b[1];

function keyOf(path: FieldPath): string | undefined {
  return KEYS.find(([p]) => samePath(p, path))?.[1];
}

/** Our path for a Daftra key (as named in its validation errors), null for a key we do not map. */
export function pathOf(key: string): FieldPath | null {
  return KEYS.find(([, k]) => k === key)?.[0] ?? null;
}

export function toClient(raw: unknown): ClientRecord {
  if (!isRecord(raw) || text(raw.id) === null) throw badResponse(Provider.DAFTRA, 'a client without an id');
  const providerId = text(raw.id)!;
  const at = (path: FieldPath) => text(raw[keyOf(path)!]);
  const address = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, at(['address', part])])) as Record<AddressPart, string | null>;
  // A person client has no business name, only first and last names.
  const person = text(`${text(raw.first_name) ?? ''} ${text(raw.last_name) ?? ''}`.trim());
  return {
    id: globalId(Provider.DAFTRA, providerId),
    provider: Provider.DAFTRA,
    providerId,
    name: at(['name']) ?? person ?? '',
    email: at(['email']),
    phone: at(['phone']),
    mobile: at(['mobile']),
    address: addressOrNull(address, joinParts(ADDRESS_PARTS.map((part) => address[part]))),
    notes: at(['notes']),
    taxNumber: at(['taxNumber']),
    externalId: null,
    locale: null,
    currency: text(raw.default_currency_code),
    clientNumber: text(raw.client_number),
    raw,
  };
}

/** Daftra stores every field we write except externalId and locale. */
export function supports(path: FieldPath): boolean {
  return keyOf(path) !== undefined;
}

/**
 * The `{"Client":{…}}` body of a create or of a partial PUT: only the given fields. A cleared
 * field is sent as "", since whether Daftra reads null as "clear" or as "keep" is not
 * documented and "" can only mean empty.
 */
export function toBody(fields: ClientFields): { Client: Record<string, string> } {
  const client: Record<string, string> = {};
  for (const [path, key] of KEYS) {
    const value = valueAt(fields, path);
    if (value !== undefined) client[key] = value ?? '';
  }
  return { Client: client };
}
