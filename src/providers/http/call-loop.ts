import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../../clients/errors.js';
import type { ProviderFacts } from '../../clients/provider.js';
import type { RequestScope } from '../../clients/scope.js';
import { isLogging } from '../../observability/log-level.js';
import { endUpstreamSpan, injectTraceContext, startUpstreamSpan, tracingOn } from '../../observability/tracing.js';
import type { ApiOptions } from '../module.js';
import { retryAfterMs, retryDelay, type AttemptOutcome } from '../retry.js';
import { BodyTooLargeError, type Answer, type Transport } from '../transport/exchange.js';
import { classifyFailure, type Failure } from '../transport/failure.js';
import { badResponse, failOnStatus, toResponse, type UpstreamResponse } from './answers.js';
import type { CallState, Credential, UpstreamCall } from './call.js';
import type { CallRateBudget } from './rate-budget.js';

/** What the transport needs of its provider's module: who it is, its name in messages, its credential headers. */
export type TransportFacts = Pick<ProviderFacts, 'id' | 'label' | 'upstreamCredentialHeaders'>;

/**
 * The attempts of one logical call: each takes a token of the rate budget, goes out through the
 * transport, and is tried again as retry.ts says within the call's budget; after a 401, the
 * credential is renewed once and the call tried again. The answer comes back read (toResponse)
 * with the statuses that mean the same at every provider already thrown (failOnStatus).
 */
export type CallLoop = (call: UpstreamCall, baseUrl: string, auth: Credential, scope: RequestScope, state: CallState) => Promise<UpstreamResponse>;

export function createCallLoop(
  facts: TransportFacts,
  options: ApiOptions,
  transport: Transport,
  budget: CallRateBudget,
  /** The secrets of one set of credential headers, cut out of the answer. */
  secretsFor: (headers: Record<string, string>) => string[],
): CallLoop {
  const { id: provider, label } = facts;

  const budgetSpent = () =>
    new UpstreamError('UPSTREAM_TIMEOUT', `${label} did not answer within the call budget of ${options.budgetMs} ms`, { provider });

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
      // A token is held or to be taken only with a bucket (see createHttp).
      if (state.bucket !== null) await budget.spendToken(state);
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
        if (answer.status === 429) await budget.rateLimited(state, waitMs);
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
  return async function attempt(call, baseUrl, auth, scope, state) {
    let headers = await auth.headers();
    let answer = await request(call, baseUrl, headers, scope, state);
    if (answer.status === 401 && auth.renew && (await auth.renew(headers))) {
      headers = await auth.headers();
      answer = await request(call, baseUrl, headers, scope, state);
    }
    const response = toResponse(facts, answer, secretsFor(headers));
    failOnStatus(facts, response);
    return response;
  };
}
