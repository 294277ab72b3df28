import type { ClientRecord, Provider } from './client.js';
import { ListInputError, UpstreamError } from './errors.js';
import type { ClientFilter, FilterField } from './list-port.js';
import { fetchPage, findFilters, listerOf } from './list-capabilities.js';
import type { RequestLoaders } from './loaders.js';
import { upstreamSize } from './paging.js';
import type { ProviderApi } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * findClients, provider-independent: one exact lookup at each provider (one upstream page),
 * each provider's outcome reported on its own; `findAt` is also Client.matches' exact lookup.
 */

/** The most matches findClients takes from one provider (one upstream page). */
export const FIND_MATCH_LIMIT = 20;

export enum SearchStatus {
  SEARCHED = 'SEARCHED',
  SKIPPED = 'SKIPPED',
  FAILED = 'FAILED',
}

export interface ProviderSearch {
  provider: Provider;
  status: SearchStatus;
  reason: string | null;
  code: string | null;
}

export interface Matches {
  clients: ClientRecord[];
  providers: ProviderSearch[];
}

/** The fields findClients looks up by. */
const FIND_FIELDS = ['email', 'taxNumber', 'externalId'] as const satisfies readonly FilterField[];

/**
 * One exact lookup at each provider, side by side; each provider's outcome is reported on
 * its own, so one failing or unconfigured provider never hides the others' matches.
 */
export async function findClients(
  providers: ReadonlyArray<{ api: ProviderApi; configured: boolean }>,
  criteria: ClientFilter,
  loaders: RequestLoaders,
  scope: RequestScope,
): Promise<Matches> {
  const given = FIND_FIELDS.filter((field) => criteria[field] !== undefined);
  if (given.length === 0) throw new ListInputError(`give at least one of ${FIND_FIELDS.join(', ')}`);
  const outcomes = await Promise.all(providers.map(({ api, configured }) => findAt(api, configured, criteria, given, loaders, scope)));
  return {
    clients: outcomes.flatMap((outcome) => outcome.clients),
    providers: outcomes.map((outcome) => outcome.search),
  };
}

/** One provider's part of findClients (also `matches`' exact lookup): its clients and what happened there. */
export interface FoundAt {
  clients: ClientRecord[];
  search: ProviderSearch;
}

export async function findAt(
  api: ProviderApi,
  configured: boolean,
  criteria: ClientFilter,
  given: readonly FilterField[],
  loaders: RequestLoaders,
  scope: RequestScope,
): Promise<FoundAt> {
  const { id: name, label } = api.facts;
  const outcome = (status: SearchStatus, reason: string | null, code: string | null, clients: ClientRecord[] = []) =>
    ({ clients, search: { provider: name, status, reason, code } });
  const can = findFilters(api.facts);
  const cannot = given.filter((field) => !can.includes(field));
  if (cannot.length > 0) {
    const canSay = can.length > 0 ? `it can find by ${can.join(', ')}` : 'it cannot find clients';
    return outcome(SearchStatus.SKIPPED, `${label} cannot find clients by ${cannot.join(', ')}; ${canSay}`, 'UNSUPPORTED_FILTER');
  }
  if (!configured) return outcome(SearchStatus.SKIPPED, `${label} is not configured on this server`, 'PROVIDER_NOT_CONFIGURED');
  const filter: ClientFilter = Object.fromEntries(given.map((field) => [field, criteria[field]]));
  const size = upstreamSize(listerOf(api).listing.paging, FIND_MATCH_LIMIT);
  try {
    const page = await fetchPage(api, { filter, page: 1, size }, loaders, scope);
    // Exact matches only, whatever the provider's filter matched; and never more than a page.
    const exact = page.clients.filter((client) => given.every((field) => matches(client, field, criteria[field]!)));
    const clients = exact.slice(0, FIND_MATCH_LIMIT);
    loaders.listed(name, clients);
    const more = page.hasMore || page.clients.length > FIND_MATCH_LIMIT;
    return outcome(SearchStatus.SEARCHED, more ? `only the first ${FIND_MATCH_LIMIT} candidates were looked at; there may be more matches` : null, null, clients);
  } catch (error) {
    if (error instanceof UpstreamError) return outcome(SearchStatus.FAILED, error.message, error.code);
    throw error;
  }
}

/** Emails match ignoring case (as mail systems treat them); tax numbers and external ids exactly. */
function matches(client: ClientRecord, field: FilterField, value: string): boolean {
  switch (field) {
    case 'email': return client.email !== null && client.email.toLowerCase() === value.toLowerCase();
    case 'taxNumber': return client.taxNumber === value;
    case 'externalId': return client.externalId === value;
    default: return false;
  }
}
