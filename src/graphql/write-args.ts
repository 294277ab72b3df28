import type { Provider } from '../clients/client.js';
import type { ProviderFacts } from '../clients/provider.js';
import { sharedKey } from '../clients/scope.js';
import { UserErrorCode, type UserErrorData } from '../clients/user-errors.js';
import type { WriteResult } from '../clients/writes.js';
import { rethrow } from './client.lookup.js';
import type { Context } from './context.js';

/** What the mutations' shared arguments (idempotencyKey, validateOnly) mean and how they run. */

export const VALIDATE_ONLY = 'true: every check of the write (input, the provider\'s field table, required fields, for an update the '
  + 'client as it is now, for a copy the search of the target, and what an idempotencyKey already holds), then answer the body it '
  + 'would send as preview, and send nothing: no call that writes is made, and the key stays as it was.';

const INVALID_KEY: UserErrorData = {
  field: ['idempotencyKey'], message: 'idempotencyKey must be 1 to 255 printable ASCII characters', code: UserErrorCode.INVALID,
};
const KEY_REUSED: UserErrorData = {
  field: ['idempotencyKey'], message: 'This idempotencyKey was already used with a different input', code: UserErrorCode.CONFLICT,
};

export interface KeyedWrite<R extends WriteResult> {
  /** The provider written to: keys are scoped to its credential, and its create decides the in-doubt rules. */
  target: ProviderFacts & { id: Provider };
  idempotencyKey: string | null | undefined;
  /** What the key is bound to (a retry must bring the same); worked out only when a key is given. */
  fingerprint: () => unknown;
  validateOnly: boolean;
  run: () => Promise<R>;
  /** The payload for a userError about the key. */
  refused: (error: UserErrorData) => R;
}

/**
 * A create (or copy) under createClient's idempotency: the key checked, the first result
 * answered on a retry, another input under the key a CONFLICT. validateOnly only looks at what
 * the key holds (nothing is written, so nothing is remembered).
 */
export async function keyedWrite<R extends WriteResult>(context: Context, write: KeyedWrite<R>): Promise<R> {
  const { idempotencyKey: key, target } = write;
  if (key === null || key === undefined) return write.run().catch(rethrow);
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) return write.refused(INVALID_KEY);
  // Scoped to the credential that writes: one tenant's key never answers another's create.
  const scoped = sharedKey(context.scope, target.id, key);
  const fingerprint = write.fingerprint();
  const outcome = write.validateOnly
    ? await context.idempotency.check(scoped, fingerprint, target).catch(rethrow)
    : await context.idempotency.run(scoped, fingerprint, target, write.run).catch(rethrow);
  if (outcome.kind === 'mismatch') return write.refused(KEY_REUSED);
  if (outcome.kind === 'free') return write.run().catch(rethrow);
  // Under a fingerprint only results of the same mutation are ever stored. A validateOnly
  // retry would send nothing: it answers what the write would (without a preview).
  return { ...(outcome.result as R), preview: null };
}
