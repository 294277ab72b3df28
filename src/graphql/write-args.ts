import { UserErrorCode } from '../clients/user-errors.js';
import type { WriteResult } from '../clients/writes.js';

/** What the mutations' shared arguments mean and how they are checked. */

export const VALIDATE_ONLY = 'true: every check of the write (input, the provider\'s field table, required fields, for an update the '
  + 'client as it is now), then answer the body it would send as preview, and send nothing: no call that writes is made.';

/** The INVALID userError for a malformed idempotencyKey, or null. */
export function checkIdempotencyKey(key: string): WriteResult | null {
  if (/^[\x21-\x7e]{1,255}$/.test(key)) return null;
  return { client: null, userErrors: [{ field: ['idempotencyKey'], message: 'idempotencyKey must be 1 to 255 printable ASCII characters', code: UserErrorCode.INVALID }] };
}
