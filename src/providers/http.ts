import { performance } from 'node:perf_hooks';
import { UpstreamError } from '../clients/errors.js';
import { WriteStopped, type RateLimit, type WriteMode } from '../clients/provider.js';
import { credentialKey, type RequestScope } from '../clients/scope.js';
import type { ProviderSettings } from '../clients/settings.js';
import { countUpstreamCall, tracingOn } from '../observability/tracing.js';
import { BreakerPool, InDoubtFailure, isOutage, isOpenCircuit } from './breaker.js';
import type { UpstreamResponse } from './http/answers.js';
import { staticCredential, type CallState, type Credential, type UpstreamCall } from './http/call.js';
import { createCallLoop, type TransportFacts } from './http/call-loop.js';
import { createCallMetrics } from './http/call-metrics.js';
import { createRateBudget } from './http/rate-budget.js';
import type { ApiOptions } from './module.js';
import { secretsOf, withoutSecrets } from './scrub.js';
import { createTransport } from './transport/exchange.js';

/**
 * What every provider API uses to call its provider: got's stream API through one
 * keep-alive transport per provider, our own retry loop (http/call-loop.ts, policy in
 * retry.ts), the rate budget (http/rate-budget.ts), a circuit breaker per provider and
 * credential, bodies capped, scrubbed of the call's credentials and parsed (http/answers.ts).
 * Statuses that mean the same at every provider (credentials refused, rate limited, down)
 * become UpstreamErrors there; a provider reads the rest of its own answers.
 */

export interface ProviderHttp {
  /**
   * One call. With `mode.validateOnly`, a call that writes (anything but a GET) is not sent:
   * it throws WriteStopped with its body (scrubbed of the credential, like an answer).
   */
  send(call: UpstreamCall, scope: RequestScope, mode?: WriteMode): Promise<UpstreamResponse>;
  /** Its rate budget per credential (null: none). */
  readonly rateBudget: RateLimit | null;
  /** Whether the provider answers at all (any status below 500), for readiness checks. */
  probe(): Promise<boolean>;
  /** Counts a write that ended in doubt against the scope's credential's breaker. */
  writeInDoubt(scope: RequestScope, error: Error): void;
  close(): void;
}

/**
 * The HTTP client of one provider. `facts` are its module's: messages name it by its label
 * ("Fatora"), and the values of its upstream credential headers are cut out of every answer.
 * `settings` are the server's (null: no credential, so every call fails
 * PROVIDER_NOT_CONFIGURED unless the request brings its own); `credential` replaces their
 * static headers (Fatora's renewable tokens).
 */
export function createHttp(
  facts: TransportFacts,
  settings: ProviderSettings | null,
  options: ApiOptions,
  credential?: Credential,
): ProviderHttp {
  const { id: provider, label } = facts;
  // Calls are made with the attempt timeout (a shorter one only when the call's budget is nearly spent).
  const transport = createTransport(options.maxSockets, options.timeoutMs);
  // The server's own credential, made once (a request's own is made per call in send()).
  const serverAuth = credential ?? (settings ? staticCredential(settings.headers) : null);
  // An API key is never sent on client calls, but a provider echoing it is scrubbed all the same.
  const serverSecrets = settings?.apiKey ? [settings.apiKey] : [];
  const breakers = new BreakerPool(provider, options.breaker, options.metrics);
  // The secrets of one set of credential headers, found once per headers object: the server's
  // static credential and a request's own are one object each, so most calls find them here.
  const secrets = new WeakMap<Record<string, string>, string[]>();
  const secretsFor = (headers: Record<string, string>) => {
    let found = secrets.get(headers);
    if (!found) secrets.set(headers, (found = [...secretsOf(headers, facts.upstreamCredentialHeaders), ...serverSecrets]));
    return found;
  };
  const budget = createRateBudget(facts, settings, options);
  const callLoop = createCallLoop(facts, options, transport, budget, secretsFor);
  const metrics = createCallMetrics(provider, options.metrics);

  return {
    rateBudget: budget.limit,
    async send(call, scope, mode) {
      const override = scope.overrides[provider];
      const target = override ?? settings;
      if (!target) {
        throw new UpstreamError('PROVIDER_NOT_CONFIGURED', `${label} is not configured on this server`, { provider, sent: false });
      }
      if (mode?.validateOnly && call.method !== 'GET') throw stopped(call, secretsFor(target.headers));
      const auth = override ? staticCredential(override.headers) : serverAuth!;
      const state: CallState = {
        deadline: Date.now() + options.budgetMs, attempts: 1, reached: false, bucket: budget.bucketOf(target, Boolean(override)), tokenHeld: false,
      };
      const started = performance.now();
      let status = 'error';
      scope.upstreamCalls += 1;
      if (tracingOn()) countUpstreamCall();
      try {
        // One breaker per credential: one tenant's failing account never pauses another's calls.
        const breakerKey = override ? credentialKey(scope, provider) : null;
        // The rate budget comes before the breaker (DESIGN: rate budget ── breaker ── retry loop).
        // (Without a bucket there is no token to take: no await, no promise, on the common path.)
        if (state.bucket !== null) {
          await budget.spendToken(state);
          state.tokenHeld = true;
        }
        const response = await breakers.fire(breakerKey, () => callLoop(call, target.baseUrl, auth, scope, state));
        status = String(response.status);
        return response;
      } catch (error) {
        if (isOpenCircuit(error)) {
          status = 'circuit_open';
          // Nothing was sent: the breaker refused the call before any attempt.
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${label} is failing; calls to it are paused for a moment (circuit open)`, { provider, sent: false });
        }
        // (A call our own rate budget refused has no status: "UPSTREAM_RATE_LIMITED"; a provider's 429 is "429".)
        status = error instanceof UpstreamError ? String(error.status ?? error.code) : 'error';
        // Failed before any attempt reached the provider (every connection refused, or the
        // credential could not be had, e.g. Fatora's token endpoint down): this call was never sent.
        if (error instanceof UpstreamError && error.sent && !state.reached) throw notSent(error);
        throw error;
      } finally {
        metrics.record(call, status, (performance.now() - started) / 1000, scope, state.attempts);
      }
    },

    writeInDoubt(scope, error) {
      // Outages (timeouts, unavailable) were counted by the call itself.
      if (isOutage(error)) return;
      const breakerKey = scope.overrides[provider] ? credentialKey(scope, provider) : null;
      breakers.fire(breakerKey, () => Promise.reject(new InDoubtFailure())).catch(() => undefined);
    },

    async probe() {
      if (!settings) return false;
      try {
        const answer = await transport.send({ method: 'GET', url: settings.baseUrl, headers: {}, timeoutMs: 2000, maxBodyBytes: options.maxBodyBytes });
        return answer.status < 500;
      } catch {
        return false;
      }
    },

    close() {
      breakers.close();
      transport.close();
    },
  };
}

/** The write a validateOnly call would have sent, as it would have left (the credential cut out all the same). */
function stopped(call: UpstreamCall, secrets: string[]): WriteStopped {
  const body = call.body === undefined ? {} : JSON.parse(withoutSecrets(JSON.stringify(call.body), secrets)) as Record<string, unknown>;
  return new WriteStopped(body);
}

/** The same error, saying that the call it ended never reached the provider. */
function notSent(error: UpstreamError): UpstreamError {
  return new UpstreamError(error.code, error.message, { provider: error.provider, retryAfter: error.retryAfter, status: error.status, sent: false });
}
