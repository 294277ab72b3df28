import { isRecord } from '../json.js';

/**
 * Whether a Daftra answer says it failed: `"result":"failed"` as documented (HTTP 400), or
 * `"result":"fail"` as write refusals also come (HTTP 200). Reads, writes and lists go by it.
 */
export function saysFailed(body: Record<string, unknown>): boolean {
  return body.result === 'failed' || body.result === 'fail';
}

/** Daftra's own error answer: `{"code","result":"failed","message"}`. */
export function isDaftraError(body: unknown): boolean {
  return isRecord(body) && saysFailed(body);
}
