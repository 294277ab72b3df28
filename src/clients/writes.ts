import type { ClientFields, ClientRecord } from './client.js';
import { fieldsOf, givenPaths, mergeFields } from './fields.js';
import type { RequestLoaders } from './loaders.js';
import { requiredPaths } from './field-table.js';
import type { ProviderApi } from './provider.js';
import type { RequestScope } from './scope.js';
import { WriteRefusedError } from './errors.js';
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
  provider: ProviderApi,
  loaders: RequestLoaders,
  scope: RequestScope,
  rawInput: ClientFields,
): Promise<WriteResult> {
  const input = normaliseInput(rawInput);
  const errors = checkInput(provider, input, true);
  errors.push(...checkRequired(provider, input, requiredPaths(provider.facts.fields, 'create'), errors));
  if (errors.length > 0) return refused(errors);
  return write(loaders, provider, () => provider.create(input, scope), [], true);
}

export async function updateClient(
  provider: ProviderApi,
  loaders: RequestLoaders,
  scope: RequestScope,
  providerId: string,
  rawPatch: ClientFields,
): Promise<WriteResult> {
  const patch = normaliseInput(rawPatch);
  const errors = checkInput(provider, patch, false);
  if (errors.length > 0) return refused(errors);

  // Read first: an unknown id is NOT_FOUND with no write, and a provider whose write replaces
  // the whole record needs the current values to keep the fields the caller left out.
  const current = await loaders.load(provider.facts.id, providerId);
  if (current === null) {
    const message = `${provider.facts.label} has no client ${providerId}`;
    return refused([{ field: ['id'], message, code: UserErrorCode.NOT_FOUND }]);
  }
  if (givenPaths(patch).length === 0) return { client: current, userErrors: [] };

  // Required fields are checked on the client as it would be after the patch.
  const missing = checkRequired(provider, mergeFields(fieldsOf(current), patch), requiredPaths(provider.facts.fields, 'update'), []);
  if (missing.length > 0) return refused(missing);
  const before = [providerId, ...idsOf(provider, current)];
  // The id the caller asked for (validated), never one read from the provider's answer.
  return write(loaders, provider, () => provider.update(providerId, patch, current, scope), before, false);
}

async function write(
  loaders: RequestLoaders,
  provider: ProviderApi,
  run: () => Promise<ClientRecord>,
  before: readonly string[],
  isCreate: boolean,
): Promise<WriteResult> {
  const name = provider.facts.id;
  // Writes are never coalesced, and reads of this client in flight are not joined any more.
  loaders.writing(name, before);
  let client: ClientRecord;
  try {
    client = await run();
  } catch (error) {
    if (error instanceof WriteRefusedError) return refused(refusalErrors(error, isCreate));
    // The write may or may not have happened: forget what this request read before it.
    loaders.written(name, null, [], before);
    throw error;
  }
  // A later read of this client in the same request must see what was just written, under
  // every id it can be read by (Invisible Collector: gid and externalId, which may have changed).
  loaders.written(name, client, idsOf(provider, client), before);
  return { client, userErrors: [] };
}

/** Every id a client can be read by. */
function idsOf(provider: ProviderApi, client: ClientRecord): string[] {
  return [client.providerId, ...(provider.aliases?.(client) ?? [])];
}
