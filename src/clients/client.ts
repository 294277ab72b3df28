/**
 * The provider-independent shape of a client, as every mapper produces it and every
 * resolver reads it. Plain data: no methods, so loaders can cache and prime it freely.
 *
 * One list, CLIENT_FIELD_KINDS, names every Client field and what kind it is; the record,
 * the writable fields, the field tables' field list (field-table.ts) and the mappers' nulls
 * (fields.ts) are derived from it, and the GraphQL classes `implements` the shapes derived
 * here. A new field is one line below (and its GraphQL field, description and provider rules).
 */

/**
 * A provider's id: the prefix of the global id ("fatora" in "fatora:1024"). The core knows no
 * provider by name; the list of provider modules (providers/index.ts) says which exist.
 */
export type Provider = string;

export const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'countryCode'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/**
 * What kind of value a field holds:
 * - `name`: text every client has (read as a string, '' at worst; writable, never cleared to null on read);
 * - `text`: text a caller may write, null when absent;
 * - `address`: the address, written part by part (ADDRESS_PARTS), null when every part is;
 * - `read-only`: text only a provider sets, null when absent.
 */
export type FieldKind = 'name' | 'text' | 'address' | 'read-only';

/** Every Client field beside the id and `raw`, in the order tables and the schema show them. */
export const CLIENT_FIELD_KINDS = {
  name: 'name',
  email: 'text',
  phone: 'text',
  mobile: 'text',
  address: 'address',
  notes: 'text',
  taxNumber: 'text',
  externalId: 'text',
  locale: 'text',
  currency: 'read-only',
  clientNumber: 'read-only',
} as const satisfies Record<string, FieldKind>;

type Kinds = typeof CLIENT_FIELD_KINDS;
/** A Client field's name: "email", "address", "currency"… */
export type ClientField = keyof Kinds;
/** The fields of one kind. */
type FieldsOfKind<K extends FieldKind> = { [F in ClientField]: Kinds[F] extends K ? F : never }[ClientField];
export type WritableField = FieldsOfKind<'name' | 'text' | 'address'>;
export type ReadOnlyField = FieldsOfKind<'read-only'>;

const fieldsOfKind = <K extends FieldKind>(...kinds: K[]): ReadonlyArray<FieldsOfKind<K>> => Object.freeze(
  (Object.keys(CLIENT_FIELD_KINDS) as ClientField[]).filter((field) => (kinds as FieldKind[]).includes(CLIENT_FIELD_KINDS[field])) as Array<FieldsOfKind<K>>,
);

/** Every field of a ClientRecord beside id, provider, providerId and raw. */
export const RECORD_FIELDS: readonly ClientField[] = fieldsOfKind('name', 'text', 'address', 'read-only');
/** The fields a caller can write (create, update). */
export const WRITABLE_FIELDS: readonly WritableField[] = fieldsOfKind('name', 'text', 'address');

/** The parts of an address a client has; `formatted` is derived, never written. */
export interface Address extends Record<AddressPart, string | null> {
  /** One line, as the provider shows it (Fatora only ever stores this). */
  formatted: string | null;
}

/** The address parts a caller can write. `undefined` = not given, `null` = clear. */
export type AddressFields = { [P in AddressPart]?: string | null };

/** A field's value on a read. */
interface RecordValue { name: string; text: string | null; address: Address | null; 'read-only': string | null }
/** A field's value in a write. */
interface WriteValue { name: string | null; text: string | null; address: AddressFields | null }

/** The field values of a client, as a mapper reads them. */
export type ClientValues = { [F in ClientField]: RecordValue[Kinds[F]] };

export interface ClientRecord extends ClientValues {
  /** Global id: `${provider}:${providerId}`. */
  id: string;
  provider: Provider;
  providerId: string;
  /** The provider's client object exactly as received. */
  raw: Record<string, unknown>;
}

/**
 * The client fields a caller can write. Used both for a create (every field a value or
 * absent) and for an update patch, where a key that is absent keeps the current value and a
 * key given as `null` clears it.
 */
export type ClientFields = { [F in WritableField]?: WriteValue[Kinds[F] & keyof WriteValue] };

/** A writable field's path inside ClientFields: ["email"] or ["address", "city"]. */
export type FieldPath = readonly [WritableField] | readonly ['address', AddressPart];

export function globalId(provider: Provider, providerId: string): string {
  return `${provider}:${providerId}`;
}
