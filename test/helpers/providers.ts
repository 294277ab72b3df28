import { enumNameOf } from '../../src/clients/provider.js';
import { providerModules } from '../../src/providers/index.js';
import type { ProviderModule } from '../../src/providers/module.js';

/**
 * What tests about "every provider" expect, derived from the registered list, so a provider
 * added to it is expected too (tests about one provider's behaviour keep their exact values).
 */

/** The known prefixes as id errors list them: "fatora, daftra, invisible-collector[, …]". */
export const KNOWN_PREFIXES = providerModules.map((module) => module.id).join(', ');

/** One entry per registered provider, keyed by its id. */
export function byProvider<T>(value: (module: ProviderModule) => T): Record<string, T> {
  return Object.fromEntries(providerModules.map((module) => [module.id, value(module)]));
}

/** The Provider enum names of every registered provider, in the list's order. */
export const PROVIDER_ENUM_NAMES = providerModules.map((module) => enumNameOf(module.id));

/** Settings that leave every registered provider but `kept` not configured (startService's `providers`). */
export function notConfiguredExcept(...kept: string[]): Record<string, null> {
  return Object.fromEntries(providerModules.filter((module) => !kept.includes(module.id)).map((module) => [module.id, null]));
}
