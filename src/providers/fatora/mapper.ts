import type { ClientFields, ClientRecord } from '../../clients/client.js';
import { addressOrNull, clientRecord, joinParts, text } from '../../clients/fields.js';
import { badResponse, type Sender } from '../http/answers.js';
import { isRecord } from '../json.js';
import { isNumericId } from '../ids.js';

/** Fatora client JSON ⇄ ClientRecord. Pure functions, no I/O. */

/** `fatora` is the module's facts: an answer that is not a client is an error from it. */
export function toClient(fatora: Sender, raw: unknown): ClientRecord {
  if (!isRecord(raw) || text(raw.id) === null) throw badResponse(fatora, 'a client without an id');
  const providerId = text(raw.id)!;
  // An id from an answer may end up in a URL: it must look like one of Fatora's.
  if (!isNumericId(providerId)) throw badResponse(fatora, `a client whose id is not a ${fatora.label} id`);
  // Fatora stores one address string; it becomes line1 and the formatted address.
  const address = text(raw.address);
  return clientRecord(fatora.id, providerId, raw, {
    name: text(raw.name) ?? '',
    email: text(raw.email),
    phone: text(raw.phone),
    address: addressOrNull({ line1: address }, address),
    // The docs disagree: answers carry `notes` (get) or `note` (create, update).
    notes: text(raw.notes) ?? text(raw.note),
  });
}

/**
 * The JSON body of a create (only the given fields) or of a whole-record PUT (every field:
 * a cleared one is sent as "", since whether Fatora reads null as "clear" or as "keep" is not
 * documented and "" can only mean empty).
 */
export function toBody(fields: ClientFields, wholeRecord: boolean): Record<string, string> {
  const address = fields.address === undefined
    ? undefined
    : fields.address === null
      ? null
      : joinParts([
        fields.address.line1, fields.address.line2, fields.address.city,
        fields.address.region, fields.address.postalCode, fields.address.countryCode,
      ]);
  const values: Record<string, string | null | undefined> = {
    name: fields.name,
    address,
    phone: fields.phone,
    email: fields.email,
    notes: fields.notes, // create and update take `notes`, though answers say `note`
  };
  const body: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) body[key] = value;
    else if (wholeRecord) body[key] = '';
  }
  return body;
}
