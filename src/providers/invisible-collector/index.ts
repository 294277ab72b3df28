import { Provider } from '../../clients/client.js';
import type { ProviderModule } from '../module.js';
import { bearerSettings, checkedUrl } from '../settings.js';
import { createInvisibleCollectorClient } from './client.js';
import { startInvisibleCollectorSimulator } from './simulator.js';

export const invisibleCollector: ProviderModule = {
  provider: Provider.INVISIBLE_COLLECTOR,
  envNames: ['INVISIBLE_COLLECTOR_API_URL', 'INVISIBLE_COLLECTOR_API_TOKEN'],
  baseUrlFromEnv: (env) =>
    checkedUrl('INVISIBLE_COLLECTOR_API_URL', env.INVISIBLE_COLLECTOR_API_URL || 'https://api.invisiblecollector.com'),
  settingsFromEnv(env) {
    const token = env.INVISIBLE_COLLECTOR_API_TOKEN;
    return token ? bearerSettings(invisibleCollector.baseUrlFromEnv(env), token) : null;
  },
  settingsFromRequest(header, baseUrl) {
    const token = header('x-invisible-collector-token');
    return token ? bearerSettings(baseUrl, token) : undefined;
  },
  createClient: createInvisibleCollectorClient,
  startSimulator: startInvisibleCollectorSimulator,
};
