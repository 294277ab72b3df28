import type { ProviderSettings } from '../clients/settings.js';
import { startDaftraSimulator } from './daftra/simulator.js';
import { startFatoraSimulator } from './fatora/simulator.js';
import { startInvisibleCollectorSimulator } from './invisible-collector/simulator.js';
import type { Provider } from './index.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

/** Starts one provider's simulator; `provider` is the id of the module it stands in for. */
export type SimulatorStarter = (provider: Provider, options?: SimulatorOptions) => Promise<Simulator>;

/**
 * The built-in simulator of each provider, beside the list of modules rather than in it: the
 * production modules never load a simulator; demo mode, tests and the bench start them here.
 * A new provider's line goes here too (the compiler asks for it).
 */
export const simulatorStarters: Record<Provider, SimulatorStarter> = {
  fatora: startFatoraSimulator,
  daftra: startDaftraSimulator,
  'invisible-collector': startInvisibleCollectorSimulator,
};

export interface Simulators {
  byProvider: Record<Provider, Simulator>;
  /** Settings that point every provider at its simulator. */
  settings: Record<Provider, ProviderSettings>;
  close(): Promise<void>;
}

/** Starts every provider's built-in simulator on loopback (demo mode, tests, benchmarks). */
export async function startSimulators(options?: SimulatorOptions): Promise<Simulators> {
  const started = await Promise.all((Object.entries(simulatorStarters) as Array<[Provider, SimulatorStarter]>).map(([provider, start]) => start(provider, options)));
  const byProvider = Object.fromEntries(started.map((sim) => [sim.provider, sim])) as Record<Provider, Simulator>;
  const settings = Object.fromEntries(started.map((sim) => [sim.provider, sim.settings])) as Record<Provider, ProviderSettings>;
  return {
    byProvider,
    settings,
    close: async () => { await Promise.all(started.map((sim) => sim.close())); },
  };
}
