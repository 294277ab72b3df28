import type { ClientFields, ClientRecord } from '../../clients/client.js';
import { capabilitiesOf, pathOfField, type FieldTable } from '../../clients/field-table.js';
import { addressOrNull, clientRecord, joinParts, mergeFields, text, valueAt, fieldsOf } from '../../clients/fields.js';
import { badResponse, type Sender } from '../http/answers.js';
import { isRecord } from '../json.js';
import { isTokenId } from '../ids.js';

/** Invisible Collector customer JSON ⇄ ClientRecord. Pure functions, no I/O. */

/** `ic` is the module's facts: an answer that is not a customer is an error from it. */
export function toClient(ic: Sender, raw: unknown): ClientRecord {
  if (!isRecord(raw) || text(raw.gid) === null) throw badResponse(ic, 'a customer without a gid');
  const providerId = text(raw.gid)!;
  // The gid goes into URLs (writes, aliases): it must look like an Invisible Collector id.
  if (!isTokenId(providerId)) throw badResponse(ic, 'a customer whose gid is not an Invisible Collector id');
  const line1 = text(raw.address);
  const postalCode = text(raw.zipCode);
  const city = text(raw.city);
  const countryCode = text(raw.country);
  // Shown as "Invisible Avenue, 456, 1234-543 Lisbon, PT": the zip code sits before the city.
  const cityLine = [postalCode, city].filter((part) => part !== null).join(' ');
  return clientRecord(ic.id, providerId, raw, {
    name: text(raw.name) ?? '',
    email: text(raw.email),
    phone: text(raw.phone),
    mobile: text(raw.mobile),
    address: addressOrNull(
      { line1, city, postalCode, countryCode },
      joinParts([line1, cityLine, countryCode]),
    ),
    taxNumber: text(raw.vatNumber),
    externalId: text(raw.externalId),
    locale: text(raw.locale),
  });
}

/** The body of a create: the keys given a value (IC's own answers omit empty keys too). */
export function createBody(fields: FieldTable, values: ClientFields): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [key, value] of entries(fields, values)) if (typeof value === 'string') body[key] = value;
  return body;
}

/**
 * The body of a PUT, which carries "the fields to modify, including the mandatory ones": each
 * field in the patch (a cleared one as `null`, as IC's C# SDK sends on purpose), the fields
 * IC requires with their value after the patch, and nothing else (absent keys are kept).
 */
export function updateBody(fields: FieldTable, patch: ClientFields, current: ClientRecord): Record<string, string | null> {
  const body: Record<string, string | null> = {};
  for (const [key, value] of entries(fields, patch)) if (value !== undefined) body[key] = value;
  const merged = mergeFields(fieldsOf(current), patch);
  for (const capability of capabilitiesOf(fields)) {
    const path = pathOfField(capability.field);
    if (!capability.requiredOnUpdate || path === null || capability.key === null) continue;
    const value = valueAt(merged, path);
    if (typeof value === 'string') body[capability.key] = value;
  }
  return body;
}

function entries(fields: FieldTable, values: ClientFields): Array<[string, string | null | undefined]> {
  return capabilitiesOf(fields).flatMap((capability) => {
    const path = pathOfField(capability.field);
    if (path === null || capability.key === null) return [];
    return [[capability.key, valueAt(values, path)] as [string, string | null | undefined]];
  });
}
