import { enumNameOf, type ProviderRegistry } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';
import { daftra } from './daftra/index.js';
import { fatora } from './fatora/index.js';
import { invisibleCollector } from './invisible-collector/index.js';
import type { ApiOptions, ProviderModule } from './module.js';

/** Every provider the service speaks to: the one list to extend with a new provider folder. */
export const providerModules = [fatora, daftra, invisibleCollector] as const;

type EnumName<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Uppercase<Head>}_${EnumName<Tail>}` : Uppercase<S>;
type Modules = (typeof providerModules)[number];

/** The providers by enum name, derived from the list: `Provider.FATORA === "fatora"`. */
export const Provider = Object.freeze(Object.fromEntries(providerModules.map((module) => [enumNameOf(module.id), module.id]))) as {
  readonly [Id in Modules['id'] as EnumName<Id>]: Id;
};
/** One of the known providers' ids. */
export type Provider = Modules['id'];

/**
 * One API per provider, configured or not: an unconfigured one answers
 * PROVIDER_NOT_CONFIGURED unless a request brings its own credential.
 */
export function createProviders(
  settings: Record<string, ProviderSettings | null>,
  options: ApiOptions,
): ProviderRegistry {
  return new Map(providerModules.map((module: ProviderModule) => {
    const api = module.createApi(settings[module.id] ?? null, options);
    // The declaration and the call must come together: the providers query and the README
    // promise what `filters` declares, and only `list` can keep that promise.
    if (Boolean(module.filters.by) !== Boolean(api.list)) {
      throw new Error(`${module.label}: its module's filters and its API's list must be given together`);
    }
    return [module.id, api];
  }));
}
