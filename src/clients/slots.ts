import type { Provider } from './client.js';
import type { RequestScope } from './scope.js';

/**
 * At most `limit` list or search calls per provider in flight for one request (the same bound
 * UPSTREAM_CONCURRENCY puts on its reads); the rest wait their turn in order.
 */
const queues = new WeakMap<RequestScope, Map<Provider, { running: number; waiting: Array<() => void> }>>();

export async function inSlot<T>(scope: RequestScope, provider: Provider, limit: number, run: () => Promise<T>): Promise<T> {
  let perProvider = queues.get(scope);
  if (!perProvider) queues.set(scope, (perProvider = new Map()));
  let slot = perProvider.get(provider);
  if (!slot) perProvider.set(provider, (slot = { running: 0, waiting: [] }));
  const state = slot;
  if (state.running >= limit) await new Promise<void>((resolve) => state.waiting.push(resolve));
  state.running += 1;
  try {
    return await run();
  } finally {
    state.running -= 1;
    state.waiting.shift()?.();
  }
}
