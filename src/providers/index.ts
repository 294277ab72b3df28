import type { Provider } from '../clients/client.js';
import type { ProviderRegistry } from '../clients/provider.js';
import { daftra } from './daftra/index.js';
import { fatora } from './fatora/index.js';
import { invisibleCollector } from './invisible-collector/index.js';
import type { ClientOptions, ProviderModule, ProviderSettings } from './module.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

/** Every provider the service speaks to: the one list to extend with a new provider folder. */
export const providerModules: readonly ProviderModule[] = [fatora, daftra, invisibleCollector];

/**
 * One client per provider, configured or not: an unconfigured one answers
 * PROVIDER_NOT_CONFIGURED unless a request brings its own credential.
 */
export function createProviders(
  settings: Record<Provider, ProviderSettings | null>,
  options: ClientOptions,
): ProviderRegistry {
  return new Map(providerModules.map((module) => [module.provider, module.createClient(settings[module.provider], options)]));
}

export interface Simulators {
  byProvider: Record<Provider, Simulator>;
  /** Settings that point every provider at its simulator. */
  settings: Record<Provider, ProviderSettings>;
  close(): Promise<void>;
}

/** Starts every provider's built-in simulator on loopback (demo mode, tests, benchmarks). */
export async function startSimulators(options?: SimulatorOptions): Promise<Simulators> {
  const started = await Promise.all(providerModules.map((module) => module.startSimulator(options)));
  const byProvider = Object.fromEntries(started.map((sim) => [sim.provider, sim])) as Record<Provider, Simulator>;
  const settings = Object.fromEntries(started.map((sim) => [sim.provider, sim.settings])) as Record<Provider, ProviderSettings>;
  return {
    byProvider,
    settings,
    close: async () => { await Promise.all(started.map((sim) => sim.close())); },
  };
}
