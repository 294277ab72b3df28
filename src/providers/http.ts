import { performance } from 'node:perf_hooks';
import type { Counter, Histogram } from 'prom-client';
import type { ClientRecord } from '../clients/client.js';
import { UpstreamError, WriteRefusedError, type FieldProblem } from '../clients/errors.js';
import { WriteStopped, type ProviderFacts, type RateLimit, type WriteMode } from '../clients/provider.js';
import { credentialKey, type RequestScope } from '../clients/scope.js';
import type { ProviderSettings } from '../clients/settings.js';
import { isLogging } from '../observability/log-level.js';
import { countUpstreamCall, endUpstreamSpan, injectTraceContext, startUpstreamSpan, tracingOn } from '../observability/tracing.js';
import { BreakerPool, InDoubtFailure, isOutage, isOpenCircuit } from './breaker.js';
import { parseJson, TooDeepError } from './json.js';
import type { ApiOptions } from './module.js';
import { retryAfterMs, retryDelay, type AttemptOutcome } from './retry.js';
import { secretsOf, withoutSecrets } from './scrub.js';
import { BodyTooLargeError, createTransport, type Answer } from './transport/exchange.js';
import { classifyFailure, type Failure } from './transport/failure.js';

export { isRecord } from './json.js';

/**
 * What every provider API uses to call its provider: got's stream API through one
 * keep-alive transport per provider, our own retry loop (policy in retry.ts), a circuit
 * breaker per provider and credential, bodies capped, scrubbed of the call's credentials and
 * parsed here. Statuses that mean the same at every provider (credentials refused, rate
 * limited, down) become UpstreamErrors here; a provider reads the rest of its own answers.
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
  /**
   * The body parsed as JSON, or `undefined` when it is not JSON (Daftra's 401 is HTML). Every
   * credential value the call used has been cut out of it.
   */
  json: unknown;
}

/** What the transport needs of its provider's module: who it is, its name in messages, its credential headers. */
export type TransportFacts = Pick<ProviderFacts, 'id' | 'label' | 'upstreamCredentialHeaders'>;
/** Who sent an answer, for an error about it: the module's id and label. */
export type Sender = Pick<ProviderFacts, 'id' | 'label'>;

/** Where a call's headers come from: the credential, and any header the provider wants on every call. */
export interface Credential {
  headers(): Promise<Record<string, string>>;
  /** After a 401 to `used`: renew, and say whether one more try is worth it. */
  renew?(used: Record<string, string>): Promise<boolean>;
}

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

/** Per-call state of the retry loop: when the call's whole budget runs out, attempts so far. */
interface CallState {
  deadline: number;
  attempts: number;
  /**
   * Whether any attempt may have reached the provider: every one does except a refused
   * connection (transport/failure.ts: no connection was made, so no byte left).
   */
  reached: boolean;
  /** The call's rate budget bucket, when it has one. */
  bucket: string | null;
  /** Whether a token is held for the next attempt (taken before the breaker for the first). */
  tokenHeld: boolean;
}

const staticCredential = (headers: Record<string, string>): Credential => ({ headers: async () => headers });
const sleep = (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); });

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
  const transport = createTransport(options.maxSockets);
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

  const budgetSpent = () =>
    new UpstreamError('UPSTREAM_TIMEOUT', `${label} did not answer within the call budget of ${options.budgetMs} ms`, { provider });

  // The rate budget (rate-buckets.ts): one bucket per base URL and credential, shared by every
  // replica on Redis. Each attempt takes a token; a call waits for one at most what its budget
  // can spare (it keeps the attempt's timeout, or half of what is left, for the attempt itself).
  const rateBudget = options.rateLimits?.[provider] ?? null;
  const buckets = rateBudget ? options.rateBuckets ?? null : null;
  // Keyed by the settings (Fatora's hold its API key), never by the bearer tokens obtained from them: those change, the account does not.
  const serverBucket = buckets && settings ? buckets.keyOf(provider, settings) : null;
  const bucketOf = (target: ProviderSettings, override: boolean): string | null =>
    (override && buckets ? buckets.keyOf(provider, target) : serverBucket);
  const budgetChildren = {
    waited: options.metrics.rateBudgetCalls.labels({ provider, result: 'waited' }),
    immediate: options.metrics.rateBudgetCalls.labels({ provider, result: 'immediate' }),
    refused: options.metrics.rateBudgetCalls.labels({ provider, result: 'refused' }),
    paused: options.metrics.rateBudgetPauses.labels({ provider }),
  };
  if (rateBudget) {
    options.metrics.rateBudgetPerSecond.set({ provider }, rateBudget.perSecond);
    options.metrics.rateBudgetBurst.set({ provider }, rateBudget.burst);
  }

  /** One token of the call's bucket, waited for within the call's budget, else UPSTREAM_RATE_LIMITED. */
  async function spendToken(state: CallState): Promise<void> {
    if (state.tokenHeld) {
      state.tokenHeld = false;
      return;
    }
    if (!buckets || !state.bucket || !rateBudget) return;
    const remaining = state.deadline - Date.now();
    const maxWaitMs = Math.max(0, remaining - Math.min(options.timeoutMs, remaining / 2));
    const { taken, waitMs } = await buckets.take(state.bucket, rateBudget, maxWaitMs);
    if (!taken) {
      budgetChildren.refused.inc();
      throw new UpstreamError(
        'UPSTREAM_RATE_LIMITED', `${label}'s rate budget for this credential is spent for now (${rateBudget.perSecond}/s, burst ${rateBudget.burst})`,
        // Nothing is sent now; an earlier attempt of the call (before a retry) may have been.
        { provider, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)), sent: state.reached },
      );
    }
    (waitMs > 0 ? budgetChildren.waited : budgetChildren.immediate).inc();
    if (waitMs > 0) await sleep(waitMs);
  }

  /** A 429: the credential's bucket gives nothing for the provider's Retry-After, on every replica. */
  async function rateLimited(state: CallState, retryAfter: number | undefined): Promise<void> {
    if (!buckets || !state.bucket || !rateBudget) return;
    budgetChildren.paused.inc();
    await buckets.pause(state.bucket, rateBudget, retryAfter ?? 0);
  }

  function failed(failure: Failure, state: CallState): UpstreamError {
    if (failure.kind === 'timeout') {
      // A retry's timeout is cut to the call's budget: when that is what ran out, say so.
      if (Date.now() >= state.deadline - 5) return budgetSpent();
      return new UpstreamError('UPSTREAM_TIMEOUT', `${label} did not answer within ${options.timeoutMs} ms`, { provider });
    }
    // Our own message: a transport error's would name the URL, which may carry a tenant's subdomain.
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${label} could not be reached (${failure.code})`, { provider });
  }

  /** The attempts of one call with one set of credential headers, retried as retry.ts says. */
  async function request(call: UpstreamCall, baseUrl: string, auth: Record<string, string>, scope: RequestScope, state: CallState) {
    const url = `${baseUrl}/${call.path}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    // Object.assign, not a spread: on Node 20, an object literal that spreads one object and
    // adds keys takes a slow path in V8 (~0.4 us here, ~1 us for two spreads; measured).
    const headers = Object.assign({}, auth, { 'x-request-id': scope.requestId });
    for (;;) {
      await spendToken(state);
      const remaining = state.deadline - Date.now();
      if (remaining <= 0) throw budgetSpent();
      let answer: Answer | undefined;
      let failure: Failure | undefined;
      let outcome: AttemptOutcome;
      const span = tracingOn() ? startUpstreamSpan(provider, call.method, call.route, state.attempts) : undefined;
      if (span && options.traceparent) injectTraceContext(span, headers);
      try {
        answer = await transport.send({
          method: call.method, url, headers, body, timeoutMs: Math.min(options.timeoutMs, remaining), maxBodyBytes: options.maxBodyBytes,
        });
        state.reached = true;
        // Retry-After is read on a 429 or 503, the statuses that define it (as got did).
        const waitMs = answer.status === 429 || answer.status === 503 ? retryAfterMs(answer.headers['retry-after']) : undefined;
        if (answer.status === 429) await rateLimited(state, waitMs);
        outcome = { kind: 'status', status: answer.status, ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }) };
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          state.reached = true;
          if (span) endUpstreamSpan(span, { failure: 'body_too_large', retry: false });
          throw badResponse(facts, `an answer larger than UPSTREAM_MAX_BODY_BYTES (${error.limit} bytes)`);
        }
        failure = classifyFailure(error);
        if (failure.kind !== 'refused') state.reached = true;
        outcome = failure.kind === 'connection' ? { kind: 'connection', code: failure.code } : { kind: failure.kind };
      }
      const delay = retryDelay(options, { method: call.method, outcome, attempts: state.attempts, remainingMs: state.deadline - Date.now() });
      if (span) endUpstreamSpan(span, { ...(answer ? { status: answer.status } : { failure: failure!.code }), retry: delay !== null });
      if (delay === null) {
        if (answer) return answer;
        throw failed(failure!, state);
      }
      if (isLogging(scope.log, 'debug')) {
        scope.log.debug({
          provider, method: call.method, route: call.route, attempt: state.attempts, status: answer?.status ?? failure!.code,
        }, 'upstream attempt failed; retrying');
      }
      await sleep(delay);
      state.attempts += 1;
    }
  }

  /** One logical call: the attempts, then one renewal and retry after a 401. */
  async function attempt(call: UpstreamCall, baseUrl: string, auth: Credential, scope: RequestScope, state: CallState) {
    let headers = await auth.headers();
    let answer = await request(call, baseUrl, headers, scope, state);
    if (answer.status === 401 && auth.renew && (await auth.renew(headers))) {
      headers = await auth.headers();
      answer = await request(call, baseUrl, headers, scope, state);
    }
    const response = toResponse(facts, answer, secretsFor(headers));
    failOnStatus(facts, response);
    return response;
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

  return {
    rateBudget,
    async send(call, scope, mode) {
      const override = scope.overrides[provider];
      const target = override ?? settings;
      if (!target) {
        throw new UpstreamError('PROVIDER_NOT_CONFIGURED', `${label} is not configured on this server`, { provider, sent: false });
      }
      if (mode?.validateOnly && call.method !== 'GET') throw stopped(call, secretsFor(target.headers));
      const auth = override ? staticCredential(override.headers) : serverAuth!;
      const state: CallState = {
        deadline: Date.now() + options.budgetMs, attempts: 1, reached: false, bucket: bucketOf(target, Boolean(override)), tokenHeld: false,
      };
      const started = performance.now();
      let status = 'error';
      scope.upstreamCalls += 1;
      if (tracingOn()) countUpstreamCall();
      try {
        // One breaker per credential: one tenant's failing account never pauses another's calls.
        const breakerKey = override ? credentialKey(scope, provider) : null;
        // The rate budget comes before the breaker (DESIGN: rate budget ── breaker ── retry loop).
        await spendToken(state);
        state.tokenHeld = state.bucket !== null;
        const response = await breakers.fire(breakerKey, () => attempt(call, target.baseUrl, auth, scope, state));
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
        const seconds = (performance.now() - started) / 1000;
        const metrics = metricsFor(call, status);
        metrics.count.inc();
        metrics.latency.observe(seconds);
        if (isLogging(scope.log, 'debug')) {
          scope.log.debug({
            provider, method: call.method, route: call.route, status, durationMs: Math.round(seconds * 1000), attempts: state.attempts,
          }, 'upstream call');
        }
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

/** The answer with the call's credentials cut out of its body, parsed. */
function toResponse(sender: Sender, answer: Answer, secrets: string[]): UpstreamResponse {
  let json: unknown;
  try {
    json = parseJson(withoutSecrets(answer.text, secrets));
  } catch (error) {
    if (error instanceof TooDeepError) throw badResponse(sender, `an answer with ${error.message}`);
    throw error;
  }
  return { status: answer.status, headers: answer.headers, json };
}

/**
 * Throws the UpstreamError for the statuses that mean the same at every provider
 * (credentials refused, rate limited, provider down). Other statuses are for the caller.
 */
function failOnStatus({ id: provider, label }: Sender, response: UpstreamResponse): void {
  const { status } = response;
  if (status === 401 || status === 403) {
    throw new UpstreamError('UPSTREAM_UNAUTHORIZED', `${label} refused our credentials (HTTP ${status})`, { provider, status });
  }
  if (status === 429) {
    const waitMs = retryAfterMs(response.headers['retry-after']);
    const retryAfter = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
    throw new UpstreamError('UPSTREAM_RATE_LIMITED', `${label} is rate limiting us (HTTP 429)`, { provider, retryAfter, status });
  }
  if (status >= 500) {
    throw new UpstreamError('UPSTREAM_UNAVAILABLE', `${label} is unavailable (HTTP ${status})`, { provider, status });
  }
}

/**
 * Whether a read's answer says "no such client". Only a 404 in the provider's own error shape
 * does: any other 404 (a wrong base URL, a proxy's error page) would otherwise turn every
 * client into null without a word, so it is a bad response.
 */
export function isMissing(sender: Sender, response: UpstreamResponse, isOwnError: (body: unknown) => boolean): boolean {
  if (response.status !== 404) return false;
  if (isOwnError(response.json)) return true;
  throw badResponse(sender, `a 404 that is not its own error answer (is the base URL right?)`);
}

/** The error for a body that is not what the provider documents: "Fatora sent …". */
export function badResponse(sender: Sender, what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_RESPONSE', `${sender.label} sent ${what}`, { provider: sender.id });
}

/**
 * The client an answer about `askedId` carries, when it is that client: `answersTo` are the ids
 * the provider's answer says it can be read by (its module knows which field of the answer
 * holds each). A record of another client (a provider's or a caching proxy's mix-up) is
 * UPSTREAM_BAD_RESPONSE: it is never served as the one asked for, nor written from.
 */
export function answerFor(sender: Sender, askedId: string, client: ClientRecord, answersTo: readonly string[]): ClientRecord {
  if (answersTo.includes(askedId)) return client;
  throw badResponse(sender, `client ${client.providerId} when asked for client ${askedId}`);
}

/** Whether the answer is a 2xx. */
export function isSuccess(response: UpstreamResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/**
 * The error for a write the provider understood and refused: a conflict (409), no such client
 * (404), else rejected. `message` is the provider's own text, when it sent one.
 */
export function writeRefused(sender: Sender, response: UpstreamResponse, message: string | null | undefined, problems?: FieldProblem[]): WriteRefusedError {
  const kind = response.status === 409 ? 'CONFLICT' : response.status === 404 ? 'NOT_FOUND' : 'REJECTED';
  return new WriteRefusedError(kind, message ?? refusalText(sender, response), { provider: sender.id, problems });
}

/** What a refusal says when the provider's answer says nothing: "Daftra refused the request (HTTP 422)". */
export function refusalText(sender: Sender, response: UpstreamResponse): string {
  return `${sender.label} refused the request (HTTP ${response.status})`;
}
