import type { ClientFields, ClientRecord, Provider } from './client.js';
import { fieldsOf, givenPaths, mergeFields } from './fields.js';
import type { RequestLoaders } from './loaders.js';
import type { ClientProvider } from './provider.js';
import type { RequestScope } from './scope.js';
import { WriteRefusedError } from '../providers/errors.js';
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
  return write(loaders, provider.provider, () => provider.create(input, scope), []);
}

export async function updateClient(
  provider: ClientProvider,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  rawPatch: ClientFields,
): Promise<WriteResult> {
  const patch = normaliseInput(rawPatch);
  const errors = checkInput(provider, patch, false);
  if (errors.length > 0) return refused(errors);

  // Read first: an unknown id is NOT_FOUND with no write, and whole-record PUTs need the
  // current values to keep the fields the caller left out.
  const current = await loaders.load(provider.provider, providerId);
  if (current === null) {
    return refused([{ field: ['id'], message: `No client ${providerId} at this provider`, code: UserErrorCode.NOT_FOUND }]);
  }
  if (givenPaths(patch).length === 0) return { client: current, userErrors: [] };

  const merged = mergeFields(fieldsOf(current), patch);
  const missing = checkRequired(provider, merged, provider.requiredOnUpdate, []);
  if (missing.length > 0) return refused(missing);
  return write(loaders, provider.provider, () => provider.update(current, patch, merged, scope), [providerId, current.providerId]);
}

async function write(
  loaders: RequestLoaders,
  provider: Provider,
  run: () => Promise<ClientRecord>,
  requestedIds: readonly string[],
): Promise<WriteResult> {
  // Writes are never coalesced, and reads of this client in flight are not joined any more.
  for (const id of requestedIds) loaders.writing(provider, id);
  let client: ClientRecord;
  try {
    client = await run();
  } catch (error) {
    if (error instanceof WriteRefusedError) return refused(refusalErrors(error));
    throw error;
  }
  // A later read of this client in the same request must see what was just written, under
  // its own id and under the id it was asked for (Invisible Collector: gid or externalId).
  loaders.written(provider, client, requestedIds);
  return { client, userErrors: [] };
}
