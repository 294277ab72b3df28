import type { ClientFields, ClientRecord } from './client.js';
import { fieldsOf, givenPaths, mergeFields } from './fields.js';
import type { RequestLoaders } from './loaders.js';
import type { ClientProvider } from './provider.js';
import { sharedKey, type RequestScope } from './scope.js';
import type { UpdateLock } from '../state/update-lock.js';
import { WriteRefusedError } from '../providers/errors.js';
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
}

const refused = (userErrors: UserErrorData[]): WriteResult => ({ client: null, userErrors });

export async function createClient(
  provider: ClientProvider,
  loaders: RequestLoaders,
  scope: RequestScope,
  rawInput: ClientFields,
): Promise<WriteResult> {
  const input = normaliseInput(rawInput);
  const errors = checkInput(provider, input, true);
  errors.push(...checkRequired(provider, input, provider.requiredOnCreate, errors));
  if (errors.length > 0) return refused(errors);
  return write(loaders, provider, () => provider.create(input, scope), [], true);
}

/** How updates of one client are kept apart: the lock, and how long a holder may keep it. */
export interface UpdateGuard {
  lock: UpdateLock;
  /** Longer than a whole read-merge-write (its upstream calls' budgets) can take. */
  ttlMs: number;
}

/**
 * Updates are read-merge-write (whole-record PUTs need the current values to keep the fields
 * the caller left out), so each runs under its client's update lock: two updates of one
 * client never merge onto the same snapshot, whichever request (or replica) they came from.
 */
export async function updateClient(
  provider: ClientProvider,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  rawPatch: ClientFields,
  guard: UpdateGuard,
): Promise<WriteResult> {
  const patch = normaliseInput(rawPatch);
  const errors = checkInput(provider, patch, false);
  if (errors.length > 0) return refused(errors);

  const lockKey = (id: string) => `update|${sharedKey(scope, provider.provider, id)}`;
  const releases = [await guard.lock.acquire(lockKey(providerId), guard.ttlMs)];
  try {
    let current = await loaders.loadFresh(provider.provider, providerId);
    // Read by an alias (an Invisible Collector externalId): updates by the client's own id
    // take that id's lock, so take it too and read again under it. (Only ever alias, then
    // own id: two updates never wait for each other's first lock, so they cannot deadlock.)
    if (current !== null && current.providerId !== providerId) {
      releases.push(await guard.lock.acquire(lockKey(current.providerId), guard.ttlMs));
      current = await loaders.loadFresh(provider.provider, current.providerId);
    }
    return await mergeAndWrite(provider, loaders, scope, providerId, patch, current);
  } finally {
    for (const release of releases.reverse()) await release();
  }
}

async function mergeAndWrite(
  provider: ClientProvider,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  patch: ClientFields,
  current: ClientRecord | null,
): Promise<WriteResult> {
  // An unknown id is NOT_FOUND with no write.
  if (current === null) {
    return refused([{ field: ['id'], message: `No client ${providerId} at this provider`, code: UserErrorCode.NOT_FOUND }]);
  }
  if (givenPaths(patch).length === 0) return { client: current, userErrors: [] };

  const merged = mergeFields(fieldsOf(current), patch, provider.addressIsText);
  const missing = checkRequired(provider, merged, provider.requiredOnUpdate, []);
  if (missing.length > 0) return refused(missing);
  const before = [providerId, ...idsOf(provider, current)];
  return write(loaders, provider, () => provider.update(current, patch, merged, scope), before, false);
}

async function write(
  loaders: RequestLoaders,
  provider: ClientProvider,
  run: () => Promise<ClientRecord>,
  before: readonly string[],
  isCreate: boolean,
): Promise<WriteResult> {
  const name = provider.provider;
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
    if (mayHaveWritten(error)) throw new WriteInDoubtError(error as Error, isCreate);
    throw error;
  }
  // A later read of this client in the same request must see what was just written, under
  // every id it can be read by (Invisible Collector: gid and externalId, which may have changed).
  await loaders.written(name, client, idsOf(provider, client), before);
  return { client, userErrors: [] };
}

/** Every id a client can be read by. */
function idsOf(provider: ClientProvider, client: ClientRecord): string[] {
  return [client.providerId, ...(provider.aliases?.(client) ?? [])];
}
