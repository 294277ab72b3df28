import { ConfigError } from '../config-error.js';
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
