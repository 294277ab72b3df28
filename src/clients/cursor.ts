import { createHash } from 'node:crypto';
import { FILTER_FIELDS, type ClientFilter } from './list-port.js';

/**
 * Opaque list cursors: base64url of a small versioned JSON. A cursor says where the next
 * client is (upstream page and offset in it) and what list it belongs to (provider, page
 * size, filter), so an `after` from another list is refused instead of silently jumping.
 * Pure functions.
 */

export const CURSOR_VERSION = 1;

/** Where a list continues: the upstream page (from 1) and the offset of the next client in it. */
export interface Position {
  page: number;
  offset: number;
}

/** What a cursor belongs to. */
export interface ListIdentity {
  provider: string;
  /** The GraphQL page size (`first`) the cursor was made for. */
  first: number;
  /** filterHash() of the list's filter. */
  filter: string;
}

interface CursorJson {
  v: number;
  /** provider */
  p: string;
  /** upstream page */
  g: number;
  /** offset within it */
  o: number;
  /** page size (first) */
  n: number;
  /** filter hash */
  f: string;
}

/** A cursor that cannot be used with this list; the message says why. */
export class CursorError extends Error {
  override readonly name = 'CursorError';
}

/** A short hash of the filter: the same filter always gives the same hash, whatever the key order. */
export function filterHash(filter: ClientFilter): string {
  const canonical = JSON.stringify(FILTER_FIELDS.map((field) => filter[field] ?? null));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(list: ListIdentity, at: Position): string {
  const json: CursorJson = { v: CURSOR_VERSION, p: list.provider, g: at.page, o: at.offset, n: list.first, f: list.filter };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** The position an `after` cursor points at, for this list; throws CursorError otherwise. */
export function decodeCursor(cursor: string, list: ListIdentity): Position {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new CursorError('is not a cursor this API issued');
  let json: Partial<CursorJson>;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorJson>;
  } catch {
    throw new CursorError('is not a cursor this API issued');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CursorError('is not a cursor this API issued');
  if (json.v !== CURSOR_VERSION) throw new CursorError('comes from another version of this API; start the list again without after');
  if (!isCount(json.g, 1) || !isCount(json.o, 0) || !isCount(json.n, 1) || typeof json.p !== 'string' || typeof json.f !== 'string') {
    throw new CursorError('is not a cursor this API issued');
  }
  if (json.p !== list.provider) throw new CursorError('belongs to a list of another provider');
  if (json.f !== list.filter) throw new CursorError('belongs to a list with another filter');
  if (json.n !== list.first) throw new CursorError(`belongs to a list with pages of ${json.n}; ask with first: ${json.n}`);
  return { page: json.g, offset: json.o };
}
