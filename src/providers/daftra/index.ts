import { Provider } from '../../clients/client.js';
import { ConfigError } from '../../config-error.js';
import { RequestCredentialError, type ProviderModule, type ProviderSettings } from '../module.js';
import { checkedUrl } from '../settings.js';
import { createDaftraClient } from './client.js';
import { startDaftraSimulator } from './simulator.js';

/** Each Daftra account has its own host; "{subdomain}" in the URL stands for it. */
const PLACEHOLDER = '{subdomain}';

export const daftra: ProviderModule = {
  provider: Provider.DAFTRA,
  envNames: ['DAFTRA_API_URL', 'DAFTRA_SUBDOMAIN', 'DAFTRA_API_TOKEN', 'DAFTRA_API_KEY'],
  // Left as a template when it holds {subdomain}: each request with its own credential names
  // its own account (x-daftra-subdomain); the server's DAFTRA_SUBDOMAIN is for its own calls.
  baseUrlFromEnv(env) {
    const url = checkedUrl('DAFTRA_API_URL', env.DAFTRA_API_URL || `https://${PLACEHOLDER}.daftra.com/api2`);
    const subdomain = env.DAFTRA_SUBDOMAIN;
    if (subdomain && !isLabel(subdomain)) {
      throw new ConfigError('DAFTRA_SUBDOMAIN', `must be a subdomain label like "mycompany", not "${subdomain}"`);
    }
    return url;
  },
  settingsFromEnv(env) {
    const headers = credentialHeaders(env.DAFTRA_API_TOKEN, env.DAFTRA_API_KEY);
    if (headers === null) return null;
    const template = daftra.baseUrlFromEnv(env);
    if (!template.includes(PLACEHOLDER)) return { baseUrl: template, headers };
    if (!env.DAFTRA_SUBDOMAIN) throw new ConfigError('DAFTRA_SUBDOMAIN', 'or DAFTRA_API_URL must be set when a Daftra credential is');
    return { baseUrl: template.replace(PLACEHOLDER, env.DAFTRA_SUBDOMAIN), headers };
  },
  settingsFromRequest(header, baseUrl): ProviderSettings | undefined {
    const token = header('x-daftra-token');
    if (!token) return undefined;
    const subdomain = header('x-daftra-subdomain');
    if (subdomain === undefined) {
      if (baseUrl.includes(PLACEHOLDER)) throw new RequestCredentialError('x-daftra-subdomain is required with x-daftra-token');
      return { baseUrl, headers: { authorization: `Bearer ${token}` } };
    }
    if (!isLabel(subdomain)) throw new RequestCredentialError(`x-daftra-subdomain must be a subdomain label like "mycompany"`);
    if (!baseUrl.includes(PLACEHOLDER)) {
      // Never route silently elsewhere than the caller asked.
      throw new RequestCredentialError('x-daftra-subdomain cannot be used here: this server sends all Daftra calls to one fixed URL');
    }
    return { baseUrl: baseUrl.replace(PLACEHOLDER, subdomain), headers: { authorization: `Bearer ${token}` } };
  },
  createClient: createDaftraClient,
  startSimulator: startDaftraSimulator,
};

/** The docs mark the apikey header deprecated, so a bearer token wins when both are set. */
function credentialHeaders(token: string | undefined, apiKey: string | undefined): Record<string, string> | null {
  if (token) return { authorization: `Bearer ${token}` };
  return apiKey ? { apikey: apiKey } : null;
}

/** One DNS label, so a subdomain can never change the host it is part of. */
function isLabel(value: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(value);
}
