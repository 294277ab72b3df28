/**
 * The provider-independent shape of a client, as every mapper produces it and every
 * resolver reads it. Plain data: no methods, so loaders can cache and prime it freely.
 */

/**
 * A provider's id: the prefix of the global id ("fatora" in "fatora:1024"). The core knows no
 * provider by name; the list of provider modules (providers/index.ts) says which exist.
 */
export type Provider = string;

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  countryCode: string | null;
  /** One line, as the provider shows it (Fatora only ever stores this). */
  formatted: string | null;
}

export interface ClientRecord {
  /** Global id: `${provider}:${providerId}`. */
  id: string;
  provider: Provider;
  providerId: string;
  name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  address: Address | null;
  notes: string | null;
  taxNumber: string | null;
  externalId: string | null;
  locale: string | null;
  currency: string | null;
  clientNumber: string | null;
  /** The provider's client object exactly as received. */
  raw: Record<string, unknown>;
}

/** The address parts a caller can write. `undefined` = not given, `null` = clear. */
export interface AddressFields {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  countryCode?: string | null;
}

/**
 * The client fields a caller can write. Used both for a create (every field a value or
 * absent) and for an update patch, where a key that is absent keeps the current value and a
 * key given as `null` clears it.
 */
export interface ClientFields {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  address?: AddressFields | null;
  notes?: string | null;
  taxNumber?: string | null;
  externalId?: string | null;
  locale?: string | null;
}

export const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'countryCode'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

export const WRITABLE_FIELDS = [
  'name', 'email', 'phone', 'mobile', 'address', 'notes', 'taxNumber', 'externalId', 'locale',
] as const;
export type WritableField = (typeof WRITABLE_FIELDS)[number];

/** A writable field's path inside ClientFields: ["email"] or ["address", "city"]. */
export type FieldPath = readonly [WritableField] | readonly ['address', AddressPart];

export function globalId(provider: Provider, providerId: string): string {
  return `${provider}:${providerId}`;
}
