import type { ProviderSettings } from '../clients/settings.js';
import { providerModules, type Provider } from './index.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

export interface Simulators {
  byProvider: Record<Provider, Simulator>;
  /** Settings that point every provider at its simulator. */
  settings: Record<Provider, ProviderSettings>;
  /** The same as environment variables, for a service in another process (the bench). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts every provider's built-in simulator on loopback (demo mode, tests, benchmarks): the one
 * each module names (its startSimulator), so a new provider's comes with its module.
 */
export async function startSimulators(options?: SimulatorOptions): Promise<Simulators> {
  // One after another: each module loads its simulator with a dynamic import, and jest's ESM
  // loader fails concurrent imports of a shared dependency ("… is not in cache").
  const started: Simulator[] = [];
  for (const module of providerModules) started.push(await module.startSimulator(options));
  const byProvider = Object.fromEntries(started.map((sim) => [sim.provider, sim])) as Record<Provider, Simulator>;
  const settings = Object.fromEntries(started.map((sim) => [sim.provider, sim.settings])) as Record<Provider, ProviderSettings>;
  return {
    byProvider,
    settings,
    env: Object.assign({}, ...started.map((sim) => sim.env)) as Record<string, string>,
    close: async () => { await Promise.all(started.map((sim) => sim.close())); },
  };
}
