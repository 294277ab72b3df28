import { Provider } from '../../clients/client.js';
import type { ProviderModule } from '../module.js';
import { settingsFrom } from '../settings.js';
import { createFatoraClient } from './client.js';
import { startFatoraSimulator } from './simulator.js';

export const fatora: ProviderModule = {
  provider: Provider.FATORA,
  envNames: ['FATORA_API_URL', 'FATORA_API_TOKEN'],
  settingsFromEnv(env) {
    const token = env.FATORA_API_TOKEN;
    if (!token) return null;
    return settingsFrom('FATORA_API_URL', env.FATORA_API_URL ?? 'https://api.fatora.io/v1', { authorization: `Bearer ${token}` });
  },
  createClient: createFatoraClient,
  startSimulator: startFatoraSimulator,
};
