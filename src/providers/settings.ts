import { ConfigError } from '../config-error.js';
import type { ProviderSettings } from './module.js';

/** Settings from a base URL setting, checked to be an http(s) URL. */
export function settingsFrom(setting: string, url: string, headers: Record<string, string>): ProviderSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(setting, `is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(setting, `must be an http or https URL, not "${parsed.protocol}"`);
  }
  return { baseUrl: url.replace(/\/+$/, ''), headers };
}
