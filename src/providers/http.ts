import got, { HTTPError, RequestError, TimeoutError, type Got, type Response } from 'got';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Counter, Histogram } from 'prom-client';
import { PROVIDER_LABEL, type Provider } from '../clients/client.js';
import type { RequestScope } from '../clients/scope.js';
import { BreakerPool, isOpenCircuit } from './breaker.js';
import { UpstreamError } from './errors.js';
import type { ClientOptions, ProviderSettings } from './module.js';
import { parseJson } from './json.js';
import { retryOptions, type CallState } from './retry.js';

export { isRecord } from './json.js';

/**
 * The shared got setup every provider client uses: one base instance, extended per provider
 * with its keep-alive agents, timeouts and retry policy (the gh-got pattern), and wrapped in
 * a circuit breaker per upstream host. Statuses that mean the same at every provider
 * (credentials refused, rate limited, down) become UpstreamErrors here; a provider reads the
 * rest of its own answers.
 */

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Below the base URL, ids already validated: "clients/1024". */
  path: string;
  /** The path's template, for logs and metrics: "clients/:id". */
  route: string;
  body?: unknown;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON, or `undefined` when it is not JSON (Daftra's 401 is HTML). */
  json: unknown;
}

/** Where a call's credential headers come from. */
export interface Credential {
  headers(): Promise<Record<string, string>>;
  /** After a 401 to `used`: renew, and say whether one more try is worth it. */
  renew?(used: Record<string, string>): Promise<boolean>;
}

export interface ProviderHttp {
  send(call: UpstreamCall, scope: RequestScope): Promise<UpstreamResponse>;
  /** Whether the provider answers at all (any status below 500), for readiness checks. */
  probe(): Promise<boolean>;
  close(): void;
}

/** The one got instance everything extends. Statuses are read by us, not thrown away. */
export const base: Got = got.extend({
  responseType: 'text',
  followRedirect: false,
  // Small JSON answers gain little from compression, and got's decompression wrapping costs
  // about 40 µs of CPU per call (measured); without it got does not ask for gzip either.
  decompress: false,
  headers: { accept: 'application/json', 'user-agent': 'clients-graph' },
});

const staticCredential = (headers: Record<string, string>): Credential => ({ headers: async () => headers });

/**
 * The HTTP client of one provider. `settings` are the server's (null: no credential, so every
 * call fails PROVIDER_NOT_CONFIGURED unless the request brings its own); `credential`
 * replaces their static headers (Fatora's renewable tokens).
 */
export function createHttp(
  provider: Provider,
  settings: ProviderSettings | null,
  options: ClientOptions,
  credential?: Credential,
): ProviderHttp {
  const label = PROVIDER_LABEL[provider];
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' }),
  };
  // The server's own credential, made once (a request's own is made per call in send()).
  const serverAuth = credential ?? (settings ? staticCredential(settings.headers) : null);
  const breakers = new BreakerPool(provider, options.breaker, options.metrics, settings?.baseUrl ?? null);
  const client = base.extend({
    agent: agents,
    timeout: { request: options.timeoutMs },
    retry: retryOptions(options),
    hooks: {
      beforeRetry: [(error, retryCount) => {
        const { call, scope, route } = error.options.context as { call: CallState; scope: RequestScope; route: string };
        call.attempts = retryCount + 1;
        // The call's budget: a retry may only use what is left of it. (The first attempt's
        // timeout never exceeds the budget, so no per-call abort signal is needed.)
        error.options.timeout = { request: Math.max(1, Math.min(options.timeoutMs, call.deadline - Date.now())) };
        scope.log.debug({
          provider, method: error.options.method, route, attempt: retryCount,
          status: error.response?.statusCode ?? error.code,
        }, 'upstream attempt failed; retrying');
      }],
    },
  });

  async function request(call: UpstreamCall, baseUrl: string, headers: Record<string, string>, scope: RequestScope, state: CallState) {
    const remaining = state.deadline - Date.now();
    if (remaining <= 0) throw budgetSpent();
    try {
      const response = await client(`${baseUrl}/${call.path}`, {
        method: call.method,
        headers: { ...headers, 'x-request-id': scope.requestId },
        ...(call.body === undefined ? {} : { json: call.body }),
        // A retry after a 401 gets what is left of the budget.
        ...(remaining < options.timeoutMs ? { timeout: { request: remaining } } : {}),
        context: { call: state, scope, route: call.route },
      });
      return toResponse(response);
    } catch (error) {
      if (error instanceof HTTPError) return toResponse(error.response);
      if (error instanceof TimeoutError) {
        // A retry's timeout is cut to the call's budget: when that is what ran out, say so.
        if (Date.now() >= state.deadline - 5) throw budgetSpent();
        throw new UpstreamError('UPSTREAM_TIMEOUT', provider, `${label} did not answer within ${options.timeoutMs} ms`);
      }
      if (error instanceof RequestError) {
        // Our own message: got's would name the URL, and a URL may carry a tenant's subdomain.
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', provider, `${label} could not be reached (${error.code})`);
      }
      throw error;
    }
  }

  // prom-client children per operation and status, found once: labels() hashes on every call.
  const children = new Map<string, { count: Counter.Internal; latency: Histogram.Internal<string> }>();
  const metricsFor = (call: UpstreamCall, status: string) => {
    const operation = `${call.method} ${call.route}`;
    const key = `${operation} ${status}`;
    let found = children.get(key);
    if (!found) {
      found = {
        count: options.metrics.upstreamRequests.labels({ provider, operation, status }),
        latency: options.metrics.upstreamDuration.labels({ provider, operation }),
      };
      children.set(key, found);
    }
    return found;
  };

  const budgetSpent = () =>
    new UpstreamError('UPSTREAM_TIMEOUT', provider, `${label} did not answer within the call budget of ${options.budgetMs} ms`);

  /** One logical call: retries inside got, then one renewal and retry after a 401. */
  async function attempt(call: UpstreamCall, baseUrl: string, auth: Credential, scope: RequestScope, state: CallState) {
    let headers = await auth.headers();
    let response = await request(call, baseUrl, headers, scope, state);
    if (response.status === 401 && auth.renew && (await auth.renew(headers))) {
      headers = await auth.headers();
      response = await request(call, baseUrl, headers, scope, state);
    }
    failOnStatus(provider, response);
    return response;
  }

  return {
    async send(call, scope) {
      const override = scope.overrides[provider];
      const target = override ?? settings;
      if (!target) throw new UpstreamError('PROVIDER_NOT_CONFIGURED', provider, `${label} is not configured on this server`);
      const auth = override ? staticCredential(override.headers) : serverAuth!;
      const state: CallState = { deadline: Date.now() + options.budgetMs, attempts: 1 };
      const started = performance.now();
      let status = 'error';
      scope.upstreamCalls += 1;
      try {
        const response = await breakers.fire(target.baseUrl, () => attempt(call, target.baseUrl, auth, scope, state));
        status = String(response.status);
        return response;
      } catch (error) {
        if (isOpenCircuit(error)) {
          status = 'circuit_open';
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', provider, `${label} is failing; calls to it are paused for a moment (circuit open)`);
        }
        status = error instanceof UpstreamError ? String(error.status ?? error.code) : 'error';
        throw error;
      } finally {
        const seconds = (performance.now() - started) / 1000;
        const metrics = metricsFor(call, status);
        metrics.count.inc();
        metrics.latency.observe(seconds);
        scope.log.debug({
          provider, method: call.method, route: call.route, status, durationMs: Math.round(seconds * 1000), attempts: state.attempts,
        }, 'upstream call');
      }
    },

    async probe() {
      if (!settings) return false;
      try {
        const response = await base(settings.baseUrl, { agent: agents, timeout: { request: 2000 }, retry: { limit: 0 }, throwHttpErrors: false });
        return response.statusCode < 500;
      } catch {
        return false;
      }
    },

    close() {
      breakers.close();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function toResponse(response: Response): UpstreamResponse {
  return { status: response.statusCode, headers: response.headers, json: parseJson(response.body as string) };
}

/**
 * Throws the UpstreamError for the statuses that mean the same at every provider
 * (credentials refused, rate limited, provider down). Other statuses are for the caller.
 */
function failOnStatus(provider: Provider, response: UpstreamResponse): void {
  const { status } = response;
  const label = PROVIDER_LABEL[provider];
  if (status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', provider, `${label} refused our credentials (HTTP ${status})`, undefined, status);
  }
  if (status === 429) {
    const retryAfter = retryAfterSeconds(response.headers['retry-after']);
    throw new UpstreamError('UPSTREAM_RATE_LIMITED', provider, `${label} is rate limiting us (HTTP 429)`, retryAfter, status);
  }
  if (status >= 500) {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', provider, `${label} is unavailable (HTTP ${status})`, undefined, status);
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

/**
 * Whether a read's answer says "no such client". Only a 404 in the provider's own error shape
 * does: any other 404 (a wrong base URL, a proxy's error page) would otherwise turn every
 * client into null without a word, so it is a bad response.
 */
export function isMissing(provider: Provider, response: UpstreamResponse, isOwnError: (body: unknown) => boolean): boolean {
  if (response.status !== 404) return false;
  if (isOwnError(response.json)) return true;
  throw badResponse(provider, `a 404 that is not its own error answer (is the base URL right?)`);
}

/** The error for a body that is not what the provider documents. */
export function badResponse(provider: Provider, what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', provider, `${PROVIDER_LABEL[provider]} sent ${what}`);
}
