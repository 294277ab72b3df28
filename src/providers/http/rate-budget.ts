import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../../clients/errors.js';
import type { RateLimit } from '../../clients/provider.js';
import type { ProviderSettings } from '../../clients/settings.js';
import type { ApiOptions } from '../module.js';
import type { CallState } from './call.js';

/**
 * The rate budget of one provider's calls (the buckets of state/rate-buckets.ts): one bucket
 * per credential id (provider, base URL and credential), shared by every replica on Redis.
 * Each attempt takes a token; a call waits for one at most what its budget can spare (it
 * keeps the attempt's timeout, or half of what is left, for the attempt itself).
 */
export interface CallRateBudget {
  /** The provider's budget per credential (null: none). */
  readonly limit: RateLimit | null;
  /** The bucket of a call to `target` (`override`: with the request's own credential); null without a budget. */
  bucketOf(target: ProviderSettings, override: boolean): string | null;
  /** One token of the call's bucket, waited for within the call's budget, else UPSTREAM_RATE_LIMITED. */
  spendToken(state: CallState): Promise<void>;
  /** A 429: the credential's bucket gives nothing for the provider's Retry-After, on every replica. */
  rateLimited(state: CallState, retryAfter: number | undefined): Promise<void>;
}

export function createRateBudget(
  { id: provider, label }: { id: string; label: string },
  settings: ProviderSettings | null,
  options: ApiOptions,
): CallRateBudget {
  const limit = options.rateLimits?.[provider] ?? null;
  const buckets = limit ? options.rateBuckets ?? null : null;
  // Keyed by the settings (Fatora's hold its API key), never by the bearer tokens obtained from them: those change, the account does not.
  const serverBucket = buckets && settings ? buckets.keyOf(provider, settings) : null;
  // prom-client children found once: labels() hashes on every call.
  const children = {
    waited: options.metrics.rateBudgetCalls.labels({ provider, result: 'waited' }),
    immediate: options.metrics.rateBudgetCalls.labels({ provider, result: 'immediate' }),
    refused: options.metrics.rateBudgetCalls.labels({ provider, result: 'refused' }),
    paused: options.metrics.rateBudgetPauses.labels({ provider }),
  };
  if (limit) {
    options.metrics.rateBudgetPerSecond.set({ provider }, limit.perSecond);
    options.metrics.rateBudgetBurst.set({ provider }, limit.burst);
  }

  return {
    limit,

    bucketOf: (target, override) => (override && buckets ? buckets.keyOf(provider, target) : serverBucket),

    async spendToken(state) {
      if (state.tokenHeld) {
        state.tokenHeld = false;
        return;
      }
      if (!buckets || !state.bucket || !limit) return;
      const remaining = state.deadline - Date.now();
      const maxWaitMs = Math.max(0, remaining - Math.min(options.timeoutMs, remaining / 2));
      const { taken, waitMs } = await buckets.take(state.bucket, limit, maxWaitMs);
      if (!taken) {
        children.refused.inc();
        throw new UpstreamError(
          'UPSTREAM_RATE_LIMITED', `${label}'s rate budget for this credential is spent for now (${limit.perSecond}/s, burst ${limit.burst})`,
          // Nothing is sent now; an earlier attempt of the call (before a retry) may have been.
          { provider, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)), sent: state.reached },
        );
      }
      (waitMs > 0 ? children.waited : children.immediate).inc();
      if (waitMs > 0) await sleep(waitMs);
    },

    async rateLimited(state, retryAfter) {
      if (!buckets || !state.bucket || !limit) return;
      children.paused.inc();
      await buckets.pause(state.bucket, limit, retryAfter ?? 0);
    },
  };
}
