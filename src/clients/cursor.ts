import { createHash } from 'node:crypto';
import { FILTER_FIELDS, type ClientFilter } from './list-port.js';
import { ServiceError } from './errors.js';

/**
 * Opaque list cursors: base64url of a small versioned JSON. A cursor says where its client is
 * (its index in the provider's order) and what list it belongs to (provider, filter), so an
 * `after` or `before` from another list is refused instead of silently jumping. It says
 * nothing of the page it came in: any page size may follow it. Pure functions.
 */

/** 2: the client's index; 1 (upstream page and offset, tied to one page size) is refused. */
export const CURSOR_VERSION = 2;

/** What a cursor belongs to. */
export interface ListIdentity {
  provider: string;
  /** filterHash() of the list's filter. */
  filter: string;
}

interface CursorJson {
  v: number;
  /** provider */
  p: string;
  /** the client's index in the list, from 0 */
  i: number;
  /** filter hash */
  f: string;
}

/** A cursor that cannot be used with this list; the message says why. */
export class CursorError extends ServiceError {
  override readonly name = 'CursorError';
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

/** A short hash of the filter: the same filter always gives the same hash, whatever the key order. */
export function filterHash(filter: ClientFilter): string {
  const canonical = JSON.stringify(FILTER_FIELDS.map((field) => filter[field] ?? null));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The cursor of the client at `index` of this list. */
export function encodeCursor(list: ListIdentity, index: number): string {
  const json: CursorJson = { v: CURSOR_VERSION, p: list.provider, i: index, f: list.filter };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

/** The index a cursor points at, for this list; throws CursorError otherwise. */
export function decodeCursor(cursor: string, list: ListIdentity): number {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new CursorError('is not a cursor this API issued');
  let json: Partial<CursorJson>;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorJson>;
  } catch {
    throw new CursorError('is not a cursor this API issued');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CursorError('is not a cursor this API issued');
  if (json.v !== CURSOR_VERSION) throw new CursorError('comes from another version of this API; start the list again without it');
  if (typeof json.i !== 'number' || !Number.isSafeInteger(json.i) || json.i < 0 || typeof json.p !== 'string' || typeof json.f !== 'string') {
    throw new CursorError('is not a cursor this API issued');
  }
  if (json.p !== list.provider) throw new CursorError('belongs to a list of another provider');
  if (json.f !== list.filter) throw new CursorError('belongs to a list with another filter');
  return json.i;
}
