import type { Provider } from './client.js';
import type { ProviderRegistry } from './provider.js';

export interface ParsedId {
  provider: Provider;
  providerId: string;
}

/** Why an id is not a client id, in words the caller can act on. */
export interface BadId {
  problem: string;
}

/**
 * Splits a global id "fatora:1024" into provider and provider id, or says what is wrong with
 * it: no "<provider>:" prefix, an unknown prefix (naming the known ones), or an id the
 * provider's id syntax refuses (its own message, e.g. "Fatora ids are numbers"), so nothing
 * that could escape the URL path ever reaches a provider.
 */
export function parseGlobalId(id: string, providers: ProviderRegistry): ParsedId | BadId {
  const colon = id.indexOf(':');
  if (colon < 0) return { problem: `expected "<provider>:<id>" with a provider of ${knownPrefixes(providers)}` };
  const prefix = id.slice(0, colon);
  const providerId = id.slice(colon + 1);
  const api = providers.get(prefix);
  if (!api) return { problem: `unknown provider "${prefix}"; known prefixes are ${knownPrefixes(providers)}` };
  if (!api.facts.idSyntax.test(providerId)) return { problem: api.facts.idSyntax.message };
  const { routeWords } = api.facts;
  if (routeWords.read === 'refused' && isRouteWord(providerId, routeWords.words)) {
    return { problem: `"${providerId}" is a route word at ${api.facts.label} (${routeWords.paths}), so it cannot be read by that id` };
  }
  return { provider: prefix, providerId };
}

/**
 * Whether `id` would be taken for one of `words` in a provider's path: the same word in any
 * case, or followed by a dot (a server matching path suffixes routes "find.json" to "find").
 */
export function isRouteWord(id: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const head = id.split('.', 1)[0]!.toLowerCase();
  return words.includes(head);
}

/** Only a bad id's message lists the prefixes: a good one (every lookup) never builds the list. */
function knownPrefixes(providers: ProviderRegistry): string {
  return [...providers.keys()].join(', ');
}

export function isBadId(parsed: ParsedId | BadId): parsed is BadId {
  return 'problem' in parsed;
}
