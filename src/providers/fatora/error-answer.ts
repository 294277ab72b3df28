import { isRecord } from '../json.js';

/**
 * Fatora's own error answer: an `error` that is its text or its `{error_code, description}`.
 * Its `status` text is not looked at: the docs never give one for a 404, so a 404 in this
 * shape means "no such client" (or, on a list, "no such page") whatever its status says.
 */
export function isFatoraError(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const error = body.error;
  return typeof error === 'string' || (isRecord(error) && (typeof error.description === 'string' || error.error_code !== undefined));
}

/** The text of Fatora's error, `{"error":{"error_code","description"}}` or `{"error":"text"}`; undefined in any other shape. */
export function errorText(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.description === 'string') return error.description;
  return undefined;
}
