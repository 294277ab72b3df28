import type { ClientRecord } from '../clients/client.js';
import { loadClient } from './client.lookup.js';
import type { Context } from './context.js';

/**
 * Federation's entity lookup (`_entities`): a gateway's representation `{ id }` goes through
 * the same per-request loaders as `client`, so repeated ids cost one upstream call, order is
 * kept, an unknown client is null and a malformed id fails that entity alone.
 */
export function resolveClientReference(reference: { id: string }, context: Context): Promise<ClientRecord | null> {
  return loadClient(context, reference.id);
}
