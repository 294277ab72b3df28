import type { ProviderSettings } from '../clients/provider.js';
import { startDaftraSimulator } from './daftra/simulator.js';
import { startFatoraSimulator } from './fatora/simulator.js';
import { startInvisibleCollectorSimulator } from './invisible-collector/simulator.js';
import type { Provider } from './index.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

/**
 * The built-in simulator of each provider, beside the list of modules rather than in it: the
 * production modules never load a simulator; demo mode, tests and the bench start them here.
 */
export const simulatorStarters: Record<Provider, (options?: SimulatorOptions) => Promise<Simulator>> = {
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
  const started = await Promise.all(Object.values(simulatorStarters).map((start) => start(options)));
  const byProvider = Object.fromEntries(started.map((sim) => [sim.provider, sim])) as Record<Provider, Simulator>;
  const settings = Object.fromEntries(started.map((sim) => [sim.provider, sim.settings])) as Record<Provider, ProviderSettings>;
  return {
    byProvider,
    settings,
    close: async () => { await Promise.all(started.map((sim) => sim.close())); },
  };
}
