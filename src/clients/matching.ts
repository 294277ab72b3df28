import DataLoader from 'dataloader';
import type { ClientRecord, Provider } from './client.js';
import { UpstreamError } from './errors.js';
import { isBadId, parseGlobalId } from './global-id.js';
import type { FilterField } from './list-port.js';
import { findAt, SearchStatus, type FoundAt, type Matches } from './find-clients.js';
import { findFilters } from './list-capabilities.js';
import type { RequestLoaders } from './loaders.js';
import type { ProviderApi, ProviderRegistry } from './provider.js';
import type { RequestScope } from './scope.js';

/**
 * `Client.matches` and the check before a copy: the same customer at other providers, found
 * exactly, never by name. Each target gets one lookup, by the strongest thing that identifies
 * the customer there:
 * 1. the link: the client's own externalId names a client of the target ("daftra:512" read
 *    at Invisible Collector, looked for at Daftra) — read by id; or the target keeps links
 *    (its module's linkField) and can find by it — found by this client's global id;
 * 2. else its tax number, 3. else its email, where the target can find by them exactly.
 * What each target did is reported as findClients reports it (SEARCHED / SKIPPED / FAILED).
 */

/** The one lookup at one target, or why there is none. */
export type MatchLookup =
  | { kind: 'read'; providerId: string; why: string }
  | { kind: 'find'; field: FilterField; value: string; why: string }
  | { kind: 'none'; reason: string };
type Lookup = Exclude<MatchLookup, { kind: 'none' }>;

/** How `client` is looked for at `target` (pure: no I/O). */
export function lookupFor(client: ClientRecord, target: ProviderApi, providers: ProviderRegistry): MatchLookup {
  const { facts } = target;
  if (client.externalId !== null) {
    const linked = parseGlobalId(client.externalId, providers);
    if (!isBadId(linked) && linked.provider === facts.id) {
      return { kind: 'read', providerId: linked.providerId, why: `the link: this client's externalId is ${client.externalId}` };
    }
  }
  const can = findFilters(facts);
  const link = facts.linkField;
  if (link && (can as string[]).includes(link)) {
    return { kind: 'find', field: link as FilterField, value: client.id, why: `the link: ${link} "${client.id}"` };
  }
  for (const field of ['taxNumber', 'email'] as const) {
    const value = client[field];
    if (value !== null && can.includes(field)) return { kind: 'find', field, value, why: `${field} "${value}"` };
  }
  const canSay = can.length > 0 ? `it can find clients only by ${can.join(', ')}` : 'it cannot find clients';
  return { kind: 'none', reason: `${facts.label} cannot be asked exactly: ${canSay}, and this client has no link or value for it` };
}

/**
 * The match lookups of one request: one DataLoader per target provider, keyed by lookup, so
 * many clients asking (a list page's `matches`) cost one lookup per distinct customer per
 * provider, at most UPSTREAM_CONCURRENCY at once (the request's list slots and read loaders).
 */
export class RequestMatches {
  private readonly loaders = new Map<Provider, DataLoader<string, FoundAt>>();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly reads: RequestLoaders,
    private readonly scope: RequestScope,
  ) {}

  /** `client` at each of `targets` (its own provider never: a client does not match itself). */
  async of(client: ClientRecord, targets: readonly ProviderApi[]): Promise<Matches> {
    const outcomes = await Promise.all(targets.map((target) => this.at(client, target)));
    return { clients: outcomes.flatMap((outcome) => outcome.clients), providers: outcomes.map((outcome) => outcome.search) };
  }

  /** `client` at one target; `fresh` asks again rather than answering what this request found before. */
  at(client: ClientRecord, target: ProviderApi, fresh = false): Promise<FoundAt> {
    const name = target.facts.id;
    if (name === client.provider) {
      return Promise.resolve(outcome(name, SearchStatus.SKIPPED, `this client is at ${target.facts.label}: matches looks at the other providers`, null));
    }
    const lookup = lookupFor(client, target, this.providers);
    if (lookup.kind === 'none') return Promise.resolve(outcome(name, SearchStatus.SKIPPED, lookup.reason, 'UNSUPPORTED_FILTER'));
    const key = JSON.stringify(lookup);
    if (fresh) this.loaderFor(target).clear(key);
    return this.loaderFor(target).load(key).then((found) => ({
      // Never the client itself, whatever a provider answers.
      clients: found.clients.filter((match) => match.id !== client.id),
      search: found.search,
    }));
  }

  private loaderFor(target: ProviderApi): DataLoader<string, FoundAt> {
    const name = target.facts.id;
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<string, FoundAt>((keys) => Promise.all(keys.map((key) => this.lookUp(target, JSON.parse(key) as Lookup))));
      this.loaders.set(name, loader);
    }
    return loader;
  }

  private async lookUp(target: ProviderApi, lookup: Lookup): Promise<FoundAt> {
    const name = target.facts.id;
    const configured = Boolean(target.configured || this.scope.overrides[name]);
    const by = `looked up by ${lookup.why}`;
    if (lookup.kind === 'find') {
      // findClients' own lookup at one provider: the same checks, call, exact filtering and report.
      const found = await findAt(target, configured, { [lookup.field]: lookup.value }, [lookup.field], this.reads, this.scope);
      if (found.search.status !== SearchStatus.SEARCHED) return found;
      return { clients: found.clients, search: { ...found.search, reason: found.search.reason ? `${by}; ${found.search.reason}` : by } };
    }
    if (!configured) return outcome(name, SearchStatus.SKIPPED, `${target.facts.label} is not configured on this server`, 'PROVIDER_NOT_CONFIGURED');
    try {
      const linked = await this.reads.load(name, lookup.providerId);
      return { clients: linked ? [linked] : [], search: { provider: name, status: SearchStatus.SEARCHED, reason: by, code: null } };
    } catch (error) {
      if (error instanceof UpstreamError) return outcome(name, SearchStatus.FAILED, error.message, error.code);
      throw error;
    }
  }
}

function outcome(provider: Provider, status: SearchStatus, reason: string | null, code: string | null): FoundAt {
  return { clients: [], search: { provider, status, reason, code } };
}
