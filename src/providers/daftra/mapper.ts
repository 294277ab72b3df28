import { ADDRESS_PARTS, CLIENT_FIELD_KINDS, RECORD_FIELDS, type AddressFields, type ClientFields, type ClientRecord } from '../../clients/client.js';
import { capabilitiesOf, pathOfField, type FieldTable } from '../../clients/field-table.js';
import { addressOrNull, clientRecord, joinParts, text, valueAt, type MappedValues } from '../../clients/fields.js';
import type { ProviderFacts } from '../../clients/provider.js';
import { badResponse, type Sender } from '../http/answers.js';
import { isRecord } from '../json.js';
import { isNumericId } from '../ids.js';

/**
 * Daftra `Client` JSON ⇄ ClientRecord, driven by the module's field table (passed in, so
 * these stay pure functions with no I/O).
 */

/** Client type codes of Daftra's client schema. */
const INDIVIDUAL = 2;
const BUSINESS = 3;

/**
 * The words that make a bn1_label name a tax number, matched as whole words (ignoring case), so
 * "Private company number" (…vat…) or "Bank routing number" (…tin…) is not one: tax, vat, trn
 * (UAE/Gulf Tax Registration Number), tin (Taxpayer Identification Number), gst, each also run
 * together with id/no/nr ("TaxID", "VATNo").
 */
const TAX_WORD = /\b(?:tax|vat|trn|tin|gst)(?:id|no|nr)?\b/i;
/**
 * Arabic "ضريب…" (tax: ضريبة, الرقم الضريبي) is matched as a stem inside a word on purpose: Arabic
 * joins the article and endings to it (ال…ي), and `\b` only knows Latin letters.
 */
const ARABIC_TAX_STEM = /ضريب/;

/** A bn1_label that says bn1 is a tax number (or no label at all: bn1 is the tax number field). */
export function isTaxLabel(label: string | null): boolean {
  return label === null || TAX_WORD.test(label) || ARABIC_TAX_STEM.test(label);
}

/** The fields read as one text under one key. */
const TEXT_FIELDS = RECORD_FIELDS.filter((field) => CLIENT_FIELD_KINDS[field] !== 'address') as Array<Exclude<keyof FieldTable, `address.${string}`>>;

/** `daftra` is the module's facts: its field table drives the mapping, and an answer that is not a client is an error from it. */
export function toClient(daftra: Sender & Pick<ProviderFacts, 'fields'>, raw: unknown): ClientRecord {
  const { fields } = daftra;
  if (!isRecord(raw) || text(raw.id) === null) throw badResponse(daftra, 'a client without an id');
  const providerId = text(raw.id)!;
  // An id from an answer may end up in a URL: it must look like one of Daftra's.
  if (!isNumericId(providerId)) throw badResponse(daftra, `a client whose id is not a ${daftra.label} id`);
  const at = (field: keyof FieldTable) => {
    const key = fields[field]?.key;
    return key === undefined ? null : text(raw[key]);
  };
  // Every field is read under its table key (a field the table lacks is null), so a new field
  // Daftra keeps is one line in its table; the name and the tax number have rules of their own.
  const values: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) values[field] = at(field);
  const address: AddressFields = {};
  for (const part of ADDRESS_PARTS) address[part] = at(`address.${part}`);
  values.address = addressOrNull(address, joinParts(ADDRESS_PARTS.map((part) => address[part])));
  // A person client has no business name, only first and last names.
  const person = text(`${text(raw.first_name) ?? ''} ${text(raw.last_name) ?? ''}`.trim());
  values.name = at('name') ?? person ?? '';
  if (!isTaxLabel(text(raw.bn1_label))) values.taxNumber = null;
  return clientRecord(daftra.id, providerId, raw, values as MappedValues);
}

/**
 * The `{"Client":{…}}` body of a create, or the keys an update changes: only the given fields.
 * A cleared field is sent as "", since whether Daftra reads null as "clear" or as "keep" is not
 * documented and "" can only mean empty. A create carries the client `type` Daftra's schema
 * requires: a business, since our name is its business name.
 */
export function toBody(fields: FieldTable, values: ClientFields, isCreate: boolean): { Client: Record<string, unknown> } {
  const client: Record<string, unknown> = {};
  for (const capability of capabilitiesOf(fields)) {
    const path = pathOfField(capability.field);
    if (path === null || capability.key === null) continue;
    const writable = isCreate ? capability.creatable : capability.updatable;
    const value = valueAt(values, path);
    if (!writable || value === undefined) continue;
    client[capability.key] = value ?? '';
    if (capability.field === 'taxNumber' && value !== null) client.bn1_label = 'Tax ID';
  }
  if (isCreate) client.type = typeFor(values.name);
  return { Client: client };
}

/** Keys Daftra stamps itself (the id is in the URL): never sent back in an update. */
const STAMPED_KEYS = ['id', 'created', 'modified', 'last_login', 'last_ip'];

/**
 * The body of an update: the whole record. Daftra's update body is undocumented, so its PUT may
 * merge the keys it is given or replace the record; sending the current record as Daftra sent
 * it (`current`, the raw `Client`: keys we do not map, such as `type`, `bn2` or the secondary
 * address, included) with the patch's keys replaced is right under either reading. `type` is
 * required by Daftra's client schema: the record's own, or (a record without one) derived as
 * a create does, from whether it has a business name.
 */
export function toUpdateBody(fields: FieldTable, patch: ClientFields, current: Record<string, unknown>): { Client: Record<string, unknown> } {
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !STAMPED_KEYS.includes(key)));
  const client: Record<string, unknown> = { ...kept, ...toBody(fields, patch, false).Client };
  if (client.type !== INDIVIDUAL && client.type !== BUSINESS) client.type = typeFor(client.business_name);
  return { Client: client };
}

/** The client type for a business name: a business when it has one, else a person. */
function typeFor(businessName: unknown): number {
  return typeof businessName === 'string' && businessName.trim() !== '' ? BUSINESS : INDIVIDUAL;
}
