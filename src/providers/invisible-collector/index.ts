import { Provider } from '../../clients/client.js';
import type { ProviderModule } from '../module.js';
import { settingsFrom } from '../settings.js';
import { createInvisibleCollectorClient } from './client.js';
import { startInvisibleCollectorSimulator } from './simulator.js';

export const invisibleCollector: ProviderModule = {
  provider: Provider.INVISIBLE_COLLECTOR,
  envNames: ['INVISIBLE_COLLECTOR_API_URL', 'INVISIBLE_COLLECTOR_API_TOKEN'],
  settingsFromEnv(env) {
    const token = env.INVISIBLE_COLLECTOR_API_TOKEN;
    if (!token) return null;
    return settingsFrom(
      'INVISIBLE_COLLECTOR_API_URL',
      env.INVISIBLE_COLLECTOR_API_URL ?? 'https://api.invisiblecollector.com',
      { authorization: `Bearer ${token}` },
    );
  },
  createClient: createInvisibleCollectorClient,
  startSimulator: startInvisibleCollectorSimulator,
};
