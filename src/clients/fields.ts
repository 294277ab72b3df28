import {
  ADDRESS_PARTS, globalId, RECORD_FIELDS, WRITABLE_FIELDS,
  type Address, type AddressFields, type ClientFields, type ClientRecord, type ClientValues, type FieldPath, type Provider,
} from './client.js';

/**
 * Helpers over ClientFields shared by the resolvers and the providers: which fields a
 * caller gave, what the current client holds, and the merge an update performs.
 */

/** Every field path the caller gave a value to (null included: clearing is a change too). */
export function givenPaths(fields: ClientFields): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const field of WRITABLE_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (field === 'address' && value !== null) {
      for (const part of ADDRESS_PARTS) {
        if ((value as AddressFields)[part] !== undefined) paths.push(['address', part]);
      }
    } else {
      paths.push([field]);
    }
  }
  return paths;
}

/** The value at a path, `undefined` when not given. */
export function valueAt(fields: ClientFields, path: FieldPath): string | null | undefined {
  if (path[0] === 'address') {
    const address = fields.address;
    if (address === undefined) return undefined;
    return address === null ? null : address[path[1] as keyof AddressFields];
  }
  return fields[path[0]] as string | null | undefined;
}

/** What a mapper read off a provider's client: a name, and the fields the provider has a place for. */
export type MappedValues = Pick<ClientValues, 'name'> & Partial<ClientValues>;

/**
 * The ClientRecord of a provider's client: every field a mapper does not give (the provider
 * has no place for it) is null, so a mapper states only what it maps and a new Client field
 * needs no line in a mapper that cannot hold it. Keys come in one order (RECORD_FIELDS), so
 * every record has one shape whichever provider it came from.
 */
export function clientRecord(provider: Provider, providerId: string, raw: Record<string, unknown>, values: MappedValues): ClientRecord {
  return recordLiteral(globalId(provider, providerId), provider, providerId, raw, values);
}

/**
 * This and addressOrNull's literal are written out once, at load, from the core list: setting
 * the keys in a loop made mapping a Fatora client 3-4× slower than the object literal each
 * mapper used to write (~500-900 ns against ~120-250 ns), while the generated literal is as
 * fast as the hand-written one (~110 ns; Node 20, 2M mappings whose results stay alive). A mapper runs for every client of every page. The code is made only
 * from the constant names in client.ts, each checked to be a plain identifier.
 */
function literalOf(names: readonly string[], value: (name: string) => string): string {
  return names.map((name) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a field name: ${name}`);
    return `${name}: ${value(name)}`;
  }).join(', ');
}

const recordLiteral = new Function('id', 'provider', 'providerId', 'raw', 'values',
  `return { id, provider, providerId, ${literalOf(RECORD_FIELDS, (name) => `values.${name} ?? null`)}, raw };`,
) as (id: string, provider: Provider, providerId: string, raw: Record<string, unknown>, values: MappedValues) => ClientRecord;

const addressLiteral = new Function('parts', 'formatted',
  `const address = { ${literalOf(ADDRESS_PARTS, (name) => `parts.${name} ?? null`)}, formatted };
   return ${ADDRESS_PARTS.map((name) => `address.${name} === null`).join(' && ')} && formatted === null ? null : address;`,
) as (parts: AddressFields, formatted: string | null) => Address | null;

/** The writable view of a client as it is now (the address without its derived `formatted`). */
export function fieldsOf(client: ClientRecord): ClientFields {
  const fields: Record<string, unknown> = {};
  for (const field of WRITABLE_FIELDS) {
    const value = client[field];
    fields[field] = typeof value === 'object' && value !== null ? addressParts(value) : value;
  }
  return fields as ClientFields;
}

function addressParts(address: Address): AddressFields {
  const parts: AddressFields = {};
  for (const part of ADDRESS_PARTS) parts[part] = address[part];
  return parts;
}

/**
 * What the client looks like after the patch: a field left out keeps its value, a field
 * given as null is cleared. The address merges part by part, so `{address: {city: "X"}}`
 * changes the city alone, while `{address: null}` clears the whole address. (A provider that
 * keeps the address as one text replaces it instead, in its own update.)
 */
export function mergeFields(current: ClientFields, patch: ClientFields): ClientFields {
  const merged: ClientFields = { ...current };
  for (const field of WRITABLE_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (field === 'address' && value !== null) {
      const address: AddressFields = { ...(current.address ?? {}) };
      for (const part of ADDRESS_PARTS) {
        const partValue = (value as AddressFields)[part];
        if (partValue !== undefined) address[part] = partValue;
      }
      merged.address = address;
    } else {
      (merged as Record<string, unknown>)[field] = value;
    }
  }
  return merged;
}

/** A value as a non-empty string, or null: providers send "" for "no value". */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Joins the non-empty parts with ", ", or null when there are none. */
export function joinParts(parts: ReadonlyArray<string | null | undefined>): string | null {
  const present = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return present.length > 0 ? present.join(', ') : null;
}

/** An Address from the parts a provider keeps (the others are null), or null when every part is empty. */
export function addressOrNull(parts: AddressFields, formatted: string | null): Address | null {
  return addressLiteral(parts, formatted);
}
