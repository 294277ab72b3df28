import { globalId, Provider, type ClientFields, type ClientRecord, type FieldPath } from '../../clients/client.js';
import { addressOrNull, joinParts, text, valueAt } from '../../clients/fields.js';
import { badResponse, isRecord } from '../http.js';

/** Invisible Collector customer JSON ⇄ ClientRecord. Pure functions, no I/O. */

/** Our field path → the customer key that stores it; every field IC has a place for. */
const KEYS: ReadonlyArray<readonly [FieldPath, string]> = [
  [['name'], 'name'],
  [['email'], 'email'],
  [['phone'], 'phone'],
  [['mobile'], 'mobile'],
  [['taxNumber'], 'vatNumber'],
  [['externalId'], 'externalId'],
  [['locale'], 'locale'],
  [['address', 'line1'], 'address'],
  [['address', 'postalCode'], 'zipCode'],
  [['address', 'city'], 'city'],
  [['address', 'countryCode'], 'country'],
];

export function toClient(raw: unknown): ClientRecord {
  if (!isRecord(raw) || text(raw.gid) === null) throw badResponse(Provider.INVISIBLE_COLLECTOR, 'a customer without a gid');
  const providerId = text(raw.gid)!;
  const line1 = text(raw.address);
  const postalCode = text(raw.zipCode);
  const city = text(raw.city);
  const countryCode = text(raw.country);
  // Shown as "Invisible Avenue, 456, 1234-543 Lisbon, PT": the zip code sits before the city.
  const cityLine = [postalCode, city].filter((part) => part !== null).join(' ');
  return {
    id: globalId(Provider.INVISIBLE_COLLECTOR, providerId),
    provider: Provider.INVISIBLE_COLLECTOR,
    providerId,
    name: text(raw.name) ?? '',
    email: text(raw.email),
    phone: text(raw.phone),
    mobile: text(raw.mobile),
    address: addressOrNull(
      { line1, line2: null, city, region: null, postalCode, countryCode },
      joinParts([line1, cityLine, countryCode]),
    ),
    notes: null,
    taxNumber: text(raw.vatNumber),
    externalId: text(raw.externalId),
    locale: text(raw.locale),
    currency: null,
    clientNumber: null,
    raw,
  };
}

/**
 * The fields IC can store. It has one address line and no region or notes: a line2 or region
 * is refused rather than joined into line1 or dropped, since either would change what the
 * caller reads back. A bare ["address"] (clearing the whole address) is fine.
 */
export function supports(path: FieldPath): boolean {
  if (path[0] === 'address' && path[1] === undefined) return true;
  return KEYS.some(([known]) => known[0] === path[0] && known[1] === path[1]);
}

/**
 * The JSON body of a create or of a PUT. Only keys with a value are sent: IC's PUT replaces
 * the whole record, so a key left out is cleared, and IC's own answers omit empty keys too.
 */
export function toBody(fields: ClientFields): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [path, key] of KEYS) {
    const value = valueAt(fields, path);
    if (typeof value === 'string') body[key] = value;
  }
  return body;
}
