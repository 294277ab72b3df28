import { Provider } from '../../clients/client.js';
import { ConfigError } from '../../config-error.js';
import type { ProviderModule } from '../module.js';
import { settingsFrom } from '../settings.js';
import { createDaftraClient } from './client.js';
import { startDaftraSimulator } from './simulator.js';

export const daftra: ProviderModule = {
  provider: Provider.DAFTRA,
  envNames: ['DAFTRA_API_URL', 'DAFTRA_SUBDOMAIN', 'DAFTRA_API_TOKEN', 'DAFTRA_API_KEY'],
  settingsFromEnv(env) {
    const token = env.DAFTRA_API_TOKEN;
    const apiKey = env.DAFTRA_API_KEY;
    // The docs mark the apikey header deprecated, so a bearer token wins when both are set.
    const headers: Record<string, string> | null = token ? { authorization: `Bearer ${token}` } : apiKey ? { apikey: apiKey } : null;
    if (headers === null) return null;
    return settingsFrom('DAFTRA_API_URL', env.DAFTRA_API_URL || accountUrl(env.DAFTRA_SUBDOMAIN), headers);
  },
  createClient: createDaftraClient,
  startSimulator: startDaftraSimulator,
};

/** Each Daftra account has its own subdomain; it must be one DNS label so it cannot change the host. */
function accountUrl(subdomain: string | undefined): string {
  if (!subdomain) throw new ConfigError('DAFTRA_SUBDOMAIN', 'or DAFTRA_API_URL must be set when a Daftra credential is');
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(subdomain)) {
    throw new ConfigError('DAFTRA_SUBDOMAIN', `must be a subdomain label like "mycompany", not "${subdomain}"`);
  }
  return `https://${subdomain}.daftra.com/api2`;
}
