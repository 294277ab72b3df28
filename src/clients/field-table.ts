import { ADDRESS_PARTS, CLIENT_FIELD_KINDS, type AddressPart, type ClientField, type FieldPath } from './client.js';

/**
 * A provider's field table: for each Client field, the provider's own name for it and what
 * the provider does with it. Validation (UNSUPPORTED_FIELD, REQUIRED), the capabilities query
 * and the README's field table are all read from it, so they cannot disagree.
 */

/** A field a provider may keep, as tables name it: the address by its parts, "address.<part>". */
export type ClientFieldName = {
  [F in ClientField]: (typeof CLIENT_FIELD_KINDS)[F] extends 'address' ? `${F}.${AddressPart}` : F
}[ClientField];

/** Every Client field a provider may keep, in the core list's order (client.ts). */
export const CLIENT_FIELDS: readonly ClientFieldName[] = Object.freeze((Object.keys(CLIENT_FIELD_KINDS) as ClientField[])
  .flatMap((field): ClientFieldName[] => (CLIENT_FIELD_KINDS[field] === 'address'
    ? ADDRESS_PARTS.map((part) => `${field}.${part}` as ClientFieldName)
    : [field as ClientFieldName])));

/** What a provider does with one field. Absent flags are false. */
export interface FieldRule {
  /** The provider's own name for it (its JSON key). */
  key: string;
  /** Reads show it. */
  readable?: boolean;
  /** A create may set it. */
  creatable?: boolean;
  /** An update may set or clear it. */
  updatable?: boolean;
  /** A create must give it a value. */
  requiredOnCreate?: boolean;
  /** It must keep a value after an update (it cannot be cleared, and must be given if empty). */
  requiredOnUpdate?: boolean;
  /** What is particular about it at this provider, for people. */
  note?: string;
}

/** A field missing from the table is one the provider has no place for. */
export type FieldTable = Readonly<Partial<Record<ClientFieldName, FieldRule>>>;

/** A field read, created and updated under `key`. */
export const writable = (key: string, extra: Omit<FieldRule, 'key'> = {}): FieldRule =>
  ({ key, readable: true, creatable: true, updatable: true, ...extra });

/** A field only read, under `key`. */
export const readOnly = (key: string, extra: Omit<FieldRule, 'key'> = {}): FieldRule => ({ key, readable: true, ...extra });

/** A field's rule with every flag resolved. */
export interface FieldCapability {
  field: ClientFieldName;
  key: string | null;
  readable: boolean;
  creatable: boolean;
  updatable: boolean;
  requiredOnCreate: boolean;
  requiredOnUpdate: boolean;
  /** The format a value must have, when the core checks one. */
  format: string | null;
  note: string | null;
}

/** The formats the core checks (clients/validation.ts), by field. */
export const FIELD_FORMATS: Partial<Record<ClientFieldName, string>> = {
  email: 'an email address',
  'address.countryCode': 'ISO 3166-1 alpha-2, e.g. "PT"',
  locale: 'a language tag such as "pt" or "en-GB"',
};

function capabilityOf(table: FieldTable, field: ClientFieldName): FieldCapability {
  const rule = table[field];
  return {
    field,
    key: rule?.key ?? null,
    readable: rule?.readable === true,
    creatable: rule?.creatable === true,
    updatable: rule?.updatable === true,
    requiredOnCreate: rule?.requiredOnCreate === true,
    requiredOnUpdate: rule?.requiredOnUpdate === true,
    format: FIELD_FORMATS[field] ?? null,
    note: rule?.note ?? null,
  };
}

/**
 * Tables are fixed at boot: their capabilities are worked out once (writes and mappers ask on
 * every call). The arrays handed out are frozen: shared by every caller, changed by none.
 */
const capabilities = new WeakMap<FieldTable, readonly FieldCapability[]>();
const required = new WeakMap<FieldTable, { create: readonly FieldPath[]; update: readonly FieldPath[] }>();

export function capabilitiesOf(table: FieldTable): FieldCapability[] {
  let found = capabilities.get(table);
  if (!found) capabilities.set(table, (found = Object.freeze(CLIENT_FIELDS.map((field) => Object.freeze(capabilityOf(table, field))))));
  return found as FieldCapability[];
}

/** The table's name for a writable field path: ["address", "city"] → "address.city". */
function fieldNameOf(path: FieldPath): ClientFieldName {
  return path.join('.') as ClientFieldName;
}

/** The writable path of a table field name, or null for a read-only one (currency, clientNumber). */
export function pathOfField(field: ClientFieldName): FieldPath | null {
  const path = field.split('.');
  if (CLIENT_FIELD_KINDS[path[0] as ClientField] === 'read-only') return null;
  return path as unknown as FieldPath;
}

/** The fields the table requires, as paths. */
export function requiredPaths(table: FieldTable, on: 'create' | 'update'): readonly FieldPath[] {
  let found = required.get(table);
  if (!found) {
    const paths = (flag: 'requiredOnCreate' | 'requiredOnUpdate') => Object.freeze(capabilitiesOf(table)
      .filter((cap) => cap[flag])
      .map((cap) => pathOfField(cap.field))
      .filter((path): path is FieldPath => path !== null));
    required.set(table, (found = { create: paths('requiredOnCreate'), update: paths('requiredOnUpdate') }));
  }
  return found[on];
}

/** Whether a write may give this path a value. A bare ["address"] asks whether any part may be. */
export function canWrite(table: FieldTable, path: FieldPath, on: 'create' | 'update'): boolean {
  const flag = (field: ClientFieldName) => (on === 'create' ? table[field]?.creatable : table[field]?.updatable) === true;
  if (path[0] === 'address' && path[1] === undefined) return ADDRESS_PARTS.some((part) => flag(`address.${part}`));
  return flag(fieldNameOf(path));
}

/** The rule of the field a provider key names (in a refusal), as our path. */
export function pathOfKey(table: FieldTable, key: string): FieldPath | null {
  for (const field of CLIENT_FIELDS) {
    if (table[field]?.key === key) return pathOfField(field);
  }
  return null;
}

/** Whether a create is possible at all: every field it requires can be given (copyClient's targets). */
export function canCreate(table: FieldTable): boolean {
  const creatable = capabilitiesOf(table).filter((cap) => cap.creatable);
  return creatable.length > 0 && capabilitiesOf(table).every((cap) => !cap.requiredOnCreate || cap.creatable);
}
