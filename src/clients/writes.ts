import type { ClientFields, ClientRecord } from './client.js';
import { fieldsOf, givenPaths, mergeFields } from './fields.js';
import type { RequestLoaders } from './loaders.js';
import { requiredPaths } from './field-table.js';
import { readIds, WriteStopped, type ProviderApi, type WriteMode } from './provider.js';
import { sharedKey, type RequestScope } from './scope.js';
import type { UpdateLock } from './update-lock-port.js';
import { UpdateLockLostError, WriteRefusedError } from './errors.js';
import { mayHaveWritten, WriteInDoubtError } from './outcome.js';
import { refusalErrors, UserErrorCode, type UserErrorData } from './user-errors.js';
import { checkInput, checkRequired, normaliseInput } from './validation.js';

/**
 * Creates and updates, provider-independent: validate what we can, write, and leave the
 * request's loader holding the provider's current state of the client. Caller-fixable
 * problems come back as userErrors; upstream failures are thrown (UpstreamError).
 */

export interface WriteResult {
  client: ClientRecord | null;
  userErrors: UserErrorData[];
  /** validateOnly: the body the write would have sent (null when it would send nothing). */
  preview?: Record<string, unknown> | null;
}

/** A real write: the default. */
export const WRITE: WriteMode = Object.freeze({ validateOnly: false });

const refused = (userErrors: UserErrorData[]): WriteResult => ({ client: null, userErrors });

export async function createClient(
  provider: ProviderApi,
  loaders: RequestLoaders,
  scope: RequestScope,
  rawInput: ClientFields,
  mode: WriteMode = WRITE,
): Promise<WriteResult> {
  const input = normaliseInput(rawInput);
  const errors = checkInput(provider, input, true);
  errors.push(...checkRequired(provider, input, requiredPaths(provider.facts.fields, 'create'), errors));
  if (errors.length > 0) return refused(errors);
  return write(loaders, provider, scope, () => provider.create(input, scope, mode), [], true, mode);
}

/** How updates of one client are kept apart: the lock, and how long a holder may keep it. */
export interface UpdateGuard {
  lock: UpdateLock;
  /** Longer than a whole read-merge-write (its upstream calls' budgets) can take. */
  ttlMs: number;
}

/**
 * Updates read the client before writing it (the provider's `update` gets that state: Fatora
 * merges the patch into it for its whole-record PUT, Invisible Collector takes its mandatory
 * fields from it), so each runs under its client's update lock: two updates of one client
 * never write from the same snapshot, whichever request (or replica) they came from.
 */
export async function updateClient(
  provider: ProviderApi,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  rawPatch: ClientFields,
  guard: UpdateGuard,
  mode: WriteMode = WRITE,
): Promise<WriteResult> {
  const patch = normaliseInput(rawPatch);
  const errors = checkInput(provider, patch, false);
  if (errors.length > 0) return refused(errors);

  const lockKey = (id: string) => sharedKey(scope, provider.facts.id, id);
  const releases = [await guard.lock.acquire(lockKey(providerId), guard.ttlMs)];
  let result: WriteResult;
  let heldThroughout = true;
  try {
    let current = await loaders.loadFresh(provider.facts.id, providerId);
    // Read by an alias (an Invisible Collector externalId): updates by the client's own id
    // take that id's lock, so take it too and read again under it. (Only ever alias, then
    // own id: two updates never wait for each other's first lock, so they cannot deadlock.)
    if (current !== null && current.providerId !== providerId) {
      releases.push(await guard.lock.acquire(lockKey(current.providerId), guard.ttlMs));
      current = await loaders.loadFresh(provider.facts.id, current.providerId);
    }
    result = await mergeAndWrite(provider, loaders, scope, providerId, patch, current, mode);
  } finally {
    for (const release of releases.reverse()) heldThroughout = (await release()) && heldThroughout;
  }
  // The lock was gone when we let it go (Redis lost its data mid-update): another update may
  // have read the client before our write and written after it, so ours may be lost.
  if (!heldThroughout && result.client) throw new WriteInDoubtError(new UpdateLockLostError(), false);
  return result;
}

async function mergeAndWrite(
  provider: ProviderApi,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  patch: ClientFields,
  current: ClientRecord | null,
  mode: WriteMode,
): Promise<WriteResult> {
  // An unknown id is NOT_FOUND with no write; a provider whose write replaces the whole record
  // needs the current values (read under the lock) to keep the fields the caller left out.
  if (current === null) {
    const message = `${provider.facts.label} has no client ${providerId}`;
    return refused([{ field: ['id'], message, code: UserErrorCode.NOT_FOUND }]);
  }
  // Nothing to change: nothing is sent (validateOnly: there is no body to show).
  if (givenPaths(patch).length === 0) return mode.validateOnly ? { client: null, userErrors: [], preview: null } : { client: current, userErrors: [] };

  // Required fields are checked on the client as it would be after the patch.
  const missing = checkRequired(provider, mergeFields(fieldsOf(current), patch), requiredPaths(provider.facts.fields, 'update'), []);
  if (missing.length > 0) return refused(missing);
  const before = [providerId, ...readIds(provider, current)];
  // The id the caller asked for (validated), never one read from the provider's answer.
  return write(loaders, provider, scope, () => provider.update(providerId, patch, current, scope, mode), before, false, mode);
}

async function write(
  loaders: RequestLoaders,
  provider: ProviderApi,
  scope: RequestScope,
  run: () => Promise<ClientRecord>,
  before: readonly string[],
  isCreate: boolean,
  mode: WriteMode,
): Promise<WriteResult> {
  if (mode.validateOnly) return stopBeforeSending(run);
  const name = provider.facts.id;
  // Writes are never coalesced, and reads of this client in flight are not joined any more.
  loaders.writing(name, before);
  let client: ClientRecord;
  try {
    client = await run();
  } catch (error) {
    if (error instanceof WriteRefusedError) return refused(refusalErrors(error, isCreate));
    // The write may or may not have happened: forget what this request read before it.
    await loaders.written(name, null, [], before);
    // Said at once: the caller must not take a timeout for "nothing happened".
    if (mayHaveWritten(error)) {
      if (isCreate) provider.writeInDoubt?.(scope, error as Error);
      throw new WriteInDoubtError(error as Error, isCreate);
    }
    throw error;
  }
  // A later read of this client in the same request must see what was just written, under
  // every id it can be read by (Invisible Collector: gid and externalId, which may have changed).
  await loaders.written(name, client, readIds(provider, client), before);
  return { client, userErrors: [] };
}

/**
 * validateOnly: the write runs as it would (the provider API builds its request, reading what
 * it needs) until its transport refuses to send it (WriteStopped, with the body). Nothing this
 * request read is forgotten: nothing changed.
 */
async function stopBeforeSending(run: () => Promise<ClientRecord>): Promise<WriteResult> {
  try {
    await run();
  } catch (error) {
    if (error instanceof WriteStopped) return { client: null, userErrors: [], preview: error.body };
    throw error;
  }
  // A provider API that ignored its WriteMode: it has written. Say so loudly (our bug).
  throw new Error('a validateOnly write was sent: its provider API does not pass its WriteMode to the transport');
}
