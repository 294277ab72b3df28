/**
 * The port of the per-client update lock, as writes.ts uses it: an update of one client (read
 * the current record, then the provider writes from it: Fatora merges the patch into a
 * whole-record PUT) holds it from before its read until after its write, so two updates of
 * one client never write from the same snapshot and lose a change.
 * Keys name provider, credential scope and provider id. Implemented by src/state/: in memory it
 * serialises the updates of one process; on Redis those of every replica.
 */
export interface UpdateLock {
  /**
   * Waits until `key` is ours and resolves to its release. `ttlMs` bounds how long the lock
   * outlives a holder that never releases it (a replica that died mid-update): longer than
   * any update can take. Rejects with UpdateBusyError after waiting a whole `ttlMs`, and with
   * StateUnavailableError when the lock cannot be asked (errors.ts).
   */
  acquire(key: string, ttlMs: number): Promise<Release>;
}

/**
 * Frees the lock; resolves to false when it was no longer ours (Redis lost it, or its ttl ran
 * out): another update may have read and written in the meantime.
 */
export type Release = () => Promise<boolean>;
