/**
 * Provider id formats, checked before an id reaches a URL. Anything else (empty, signs,
 * dots, slashes, percent signs) is refused, so no id can move the request to another path.
 */

/** A positive integer without leading zeros, so "1024" and "01024" are not two keys. */
export function isNumericId(id: string): boolean {
  return /^[1-9][0-9]{0,17}$/.test(id);
}

/** A token of unreserved URL characters that does not start with a dot. */
export function isTokenId(id: string): boolean {
  return /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}$/.test(id);
}
