/**
 * The shared state (Redis) could not be reached or did not answer. Writes that need it (an
 * idempotent create, an update under its lock) fail closed with this rather than run
 * without the protection; reads go on without the cache.
 */
export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';
  constructor(what: string) {
    super(`The shared state (Redis) is unavailable, so this ${what} was not attempted: retry later`);
  }
}

/**
 * An update waited a whole lock ttl for its client's lock (a queue of updates of one client,
 * or a holder that died): nothing was written.
 */
export class UpdateBusyError extends Error {
  override readonly name = 'UpdateBusyError';
  constructor(waitedMs: number) {
    super(`Other updates of this client kept it locked for ${waitedMs} ms, so this update was not attempted: retry later`);
  }
}
