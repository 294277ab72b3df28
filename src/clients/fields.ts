import {
  ADDRESS_PARTS, WRITABLE_FIELDS,
  type Address, type AddressFields, type ClientFields, type ClientRecord, type FieldPath,
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

/** An Address, or null when every part is empty. */
export function addressOrNull(parts: Omit<Address, 'formatted'>, formatted: string | null): Address | null {
  const empty = ADDRESS_PARTS.every((part) => parts[part] === null) && formatted === null;
  // Object.assign, not a spread (a slow path on Node 20, see providers/http.ts): made per client.
  return empty ? null : Object.assign({}, parts, { formatted });
}
