import got, { RequestError, TimeoutError, type Got } from 'got';
import { PROVIDER_LABEL, type Provider } from '../clients/client.js';
import { UpstreamError } from './errors.js';
import type { ClientOptions, ProviderSettings } from './module.js';

/**
 * The shared got setup every provider client uses: one base instance, extended per provider
 * with its base URL and credential headers (the gh-got pattern). HTTP statuses are not thrown
 * by got: each provider reads its own error bodies, and `failOnStatus` maps the statuses
 * whose meaning is the same everywhere.
 */

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON, or `undefined` when it is not JSON (Daftra's 401 is HTML). */
  json: unknown;
}


export interface ProviderHttp {
  send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<UpstreamResponse>;
}

const base: Got = got.extend({
  throwHttpErrors: false,
  // Retries, backoff and circuit breaking are decided per call kind, not by got's defaults
  // (which retry PUT and obey Retry-After without a cap).
  retry: { limit: 0 },
  followRedirect: false,
  responseType: 'text',
  headers: { accept: 'application/json', 'user-agent': 'clients-graph' },
});

/**
 * The HTTP client of one provider. Without settings (no credential configured) every call
 * fails with PROVIDER_NOT_CONFIGURED before anything is sent.
 */
export function createHttp(provider: Provider, settings: ProviderSettings | null, options: ClientOptions): ProviderHttp {
  const label = PROVIDER_LABEL[provider];
  if (settings === null) {
    return {
      send: () => Promise.reject(new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, `${label} is not configured on this server`)),
    };
  }
  const client = base.extend({
    prefixUrl: settings.baseUrl,
    headers: settings.headers,
    timeout: { request: options.timeoutMs },
  });
  return {
    async send(method, path, body) {
      try {
        const response = await client(path, {
          method,
          ...(body === undefined ? {} : { json: body }),
        });
        return { status: response.statusCode, headers: response.headers, json: parseJson(response.body) };
      } catch (error) {
        if (error instanceof TimeoutError) {
          throw new UpstreamError('UPSTREAM_TIMEOUT', provider, `${label} did not answer within ${options.timeoutMs} ms`);
        }
        if (error instanceof RequestError) {
          // Our own message: got's would name the URL, and a URL may carry a tenant's subdomain.
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', provider, `${label} could not be reached (${error.code})`);
        }
        throw error;
      }
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Throws the UpstreamError for the statuses that mean the same at every provider
 * (credentials refused, rate limited, provider down). Other statuses are for the caller.
 */
export function failOnStatus(provider: Provider, response: UpstreamResponse): void {
  const { status } = response;
  const label = PROVIDER_LABEL[provider];
  if (status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', provider, `${label} refused our credentials (HTTP ${status})`);
  }
  if (status === 429) {
    const retryAfter = retryAfterSeconds(response.headers['retry-after']);
    throw new UpstreamError('UPSTREAM_RATE_LIMITED', provider, `${label} is rate limiting us (HTTP 429)`, retryAfter);
  }
  if (status >= 500) {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', provider, `${label} is unavailable (HTTP ${status})`);
  }
}

/** Retry-After as seconds from now: either delta-seconds or an HTTP date. */
function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The error for a body that is not what the provider documents. */
export function badResponse(provider: Provider, what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', provider, `${PROVIDER_LABEL[provider]} sent ${what}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
