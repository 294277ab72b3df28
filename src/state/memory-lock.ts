import { UpdateBusyError } from '../clients/errors.js';
import type { Release, UpdateLock } from '../clients/update-lock-port.js';
import type { StateMetrics } from './metrics.js';

/**
 * The update lock of one process: per key, a queue of holders served in arrival order. The
 * tail of each key's chain is kept only while someone holds or waits for it.
 */
export class MemoryUpdateLock implements UpdateLock {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly metrics?: StateMetrics) {}

  async acquire(key: string, ttlMs: number): Promise<Release> {
    const taken = this.tails.get(key);
    if (taken) this.metrics?.lockWaits.inc();
    const previous = taken ?? Promise.resolve();
    let free!: () => void;
    const mine = new Promise<void>((resolve) => { free = resolve; });
    this.tails.set(key, mine);
    // Like the Redis lock, a waiter gives up after a whole ttl; its place in the queue then
    // passes straight on to the next one.
    let waited: NodeJS.Timeout | undefined;
    const gotIt = await Promise.race([
      previous.then(() => true),
      new Promise<boolean>((resolve) => { waited = setTimeout(() => resolve(false), ttlMs); }),
    ]);
    clearTimeout(waited);
    if (!gotIt) {
      void previous.then(() => {
        free();
        if (this.tails.get(key) === mine) this.tails.delete(key);
      });
      throw new UpdateBusyError(ttlMs);
    }
    // A holder that never releases (a bug, not a slow provider: every upstream call has a
    // budget) would stop every later update of this client; past its ttl the next one goes.
    let released = false;
    let expired = false;
    const expiry = setTimeout(() => { expired = true; free(); }, ttlMs);
    expiry.unref();
    return async () => {
      if (released) return !expired;
      released = true;
      clearTimeout(expiry);
      free();
      if (this.tails.get(key) === mine) this.tails.delete(key);
      return !expired;
    };
  }
}
