import { Provider } from '../../clients/client.js';
import type { ProviderModule } from '../module.js';
import { bearerSettings, checkedUrl } from '../settings.js';
import { createFatoraClient } from './client.js';
import { startFatoraSimulator } from './simulator.js';

export const fatora: ProviderModule = {
  provider: Provider.FATORA,
  envNames: ['FATORA_API_URL', 'FATORA_API_TOKEN', 'FATORA_API_KEY'],
  baseUrlFromEnv: (env) => checkedUrl('FATORA_API_URL', env.FATORA_API_URL || 'https://api.fatora.io/v1'),
  settingsFromEnv(env) {
    const baseUrl = fatora.baseUrlFromEnv(env);
    // An API key wins over a fixed token: its tokens are renewed before they expire.
    if (env.FATORA_API_KEY) return { baseUrl, headers: {}, apiKey: env.FATORA_API_KEY };
    return env.FATORA_API_TOKEN ? bearerSettings(baseUrl, env.FATORA_API_TOKEN) : null;
  },
  settingsFromRequest(header, baseUrl) {
    const token = header('x-fatora-token');
    return token ? bearerSettings(baseUrl, token) : undefined;
  },
  createClient: createFatoraClient,
  startSimulator: startFatoraSimulator,
};
