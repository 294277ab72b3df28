import type { Provider } from '../clients/client.js';
import type { ClientProvider } from '../clients/provider.js';
import type { Simulator, SimulatorOptions } from './simulator-kit.js';

/** Where and how to reach one provider: base URL and the credential headers. */
export interface ProviderSettings {
  baseUrl: string;
  headers: Record<string, string>;
}

export interface ClientOptions {
  timeoutMs: number;
}

/**
 * Everything one provider folder contributes. Adding a provider means writing one of these
 * and listing it in providers/index.ts.
 */
export interface ProviderModule {
  readonly provider: Provider;
  /** The environment variables that belong to this provider (any of them set = not demo mode). */
  readonly envNames: readonly string[];
  /** Its settings from the environment; null when it has no credential. Throws ConfigError. */
  settingsFromEnv(env: Record<string, string | undefined>): ProviderSettings | null;
  createClient(settings: ProviderSettings | null, options: ClientOptions): ClientProvider;
  /** Starts the built-in simulator of this provider on loopback. */
  startSimulator(options?: SimulatorOptions): Promise<Simulator>;
}
