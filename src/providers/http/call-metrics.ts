import type { Counter, Histogram } from 'prom-client';
import type { RequestScope } from '../../clients/scope.js';
import type { Metrics } from '../../observability/metrics.js';
import { isLogging } from '../../observability/log-level.js';
import type { UpstreamCall } from './call.js';

/** What one provider's calls leave behind once done: their count and latency per operation and status, a debug log line. */
export interface CallMetrics {
  /** `status`: the HTTP status, an error code, "circuit_open" or "error"; `seconds`: how long the call took, attempts and waits included. */
  record(call: UpstreamCall, status: string, seconds: number, scope: RequestScope, attempts: number): void;
}

export function createCallMetrics(provider: string, metrics: Metrics): CallMetrics {
  // prom-client children per operation and status, found once: labels() hashes on every call.
  // Keyed by the call's route, method and status in turn: those are strings the provider
  // modules write as literals (and statuses repeat), so each lookup hashes nothing new, where
  // one key joined from them would be a fresh string to hash on every call.
  type Children = { count: Counter.Internal; latency: Histogram.Internal<string> };
  const children = new Map<string, Map<string, Map<string, Children>>>();
  const childrenFor = (call: UpstreamCall, status: string): Children => {
    let byMethod = children.get(call.route);
    if (!byMethod) children.set(call.route, (byMethod = new Map()));
    let byStatus = byMethod.get(call.method);
    if (!byStatus) byMethod.set(call.method, (byStatus = new Map()));
    let found = byStatus.get(status);
    if (!found) {
      const operation = `${call.method} ${call.route}`;
      found = {
        count: metrics.upstreamRequests.labels({ provider, operation, status }),
        latency: metrics.upstreamDuration.labels({ provider, operation }),
      };
      byStatus.set(status, found);
    }
    return found;
  };

  return {
    record(call, status, seconds, scope, attempts) {
      const found = childrenFor(call, status);
      found.count.inc();
      found.latency.observe(seconds);
      if (isLogging(scope.log, 'debug')) {
        scope.log.debug({
          provider, method: call.method, route: call.route, status, durationMs: Math.round(seconds * 1000), attempts,
        }, 'upstream call');
      }
    },
  };
}
