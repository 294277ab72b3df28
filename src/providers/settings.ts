import { ConfigError } from '../config-error.js';
import type { EnvSetting, RateLimit } from '../clients/provider.js';
import type { ProviderSettings } from '../clients/settings.js';

/** A base URL setting, checked to be an http(s) URL, without its trailing slash. */
export function checkedUrl(setting: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.replace('{subdomain}', 'subdomain'));
  } catch {
    throw new ConfigError(setting, `is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(setting, `must be an http or https URL, not "${parsed.protocol}"`);
  }
  return url.replace(/\/+$/, '');
}

/** Settings carrying a bearer token. */
export function bearerSettings(baseUrl: string, token: string): ProviderSettings {
  return { baseUrl, headers: { authorization: `Bearer ${token}` } };
}

/**
 * A provider's rate budget settings, `<PREFIX>_RATE_PER_S` and `<PREFIX>_RATE_BURST`. No
 * provider documents a limit, so there is no default: the budget is off until set.
 */
export function rateSettings(prefix: string, label: string): EnvSetting[] {
  return [
    {
      name: `${prefix}_RATE_PER_S`, default: '— (off)', tuning: true,
      meaning: `calls a second to ${label} per credential, on average, across all replicas sharing \`REDIS_URL\` (see [Upstream rate budgets](#upstream-rate-budgets)); decimals allowed`,
    },
    { name: `${prefix}_RATE_BURST`, default: 'the rate, rounded up', tuning: true, meaning: `calls to ${label} per credential at once, when the budget has been unused` },
  ];
}

/** The rate budget rateSettings(prefix) describe; null when the rate is unset. Throws ConfigError. */
export function rateLimitFromEnv(env: Record<string, string | undefined>, prefix: string): RateLimit | null {
  const rateName = `${prefix}_RATE_PER_S`;
  const burstName = `${prefix}_RATE_BURST`;
  const rate = env[rateName];
  const burst = env[burstName];
  if (rate === undefined || rate === '') {
    if (burst) throw new ConfigError(burstName, `needs ${rateName}: a burst alone is no budget`);
    return null;
  }
  const perSecond = Number(rate);
  if (!/^\d+(\.\d+)?$/.test(rate) || !(perSecond > 0) || perSecond > 100_000) {
    throw new ConfigError(rateName, `must be a number of calls a second above 0 and at most 100000, e.g. 5 or 0.5; got "${rate}"`);
  }
  if (burst === undefined || burst === '') return { perSecond, burst: Math.ceil(perSecond) };
  if (!/^\d+$/.test(burst) || Number(burst) < 1 || Number(burst) > 100_000) {
    throw new ConfigError(burstName, `must be a whole number of calls from 1 to 100000; got "${burst}"`);
  }
  return { perSecond, burst: Number(burst) };
}
