import { ServiceError } from '../clients/errors.js';

/**
 * The shared state (Redis) could not be reached or did not answer. Writes that need it (an
 * idempotent create, an update under its lock) fail closed with this rather than run
 * without the protection; reads go on without the cache.
 */
export class StateUnavailableError extends ServiceError {
  override readonly name: string = 'StateUnavailableError';
  constructor(what: string) {
    super('STATE_UNAVAILABLE', `The shared state (Redis) is unavailable, so this ${what} was not attempted: retry later`);
  }
}

/**
 * The in-memory idempotency store holds IDEMPOTENCY_MAX_KEYS live keys: a new key is refused
 * (never an older key dropped before its 24 h, which could send a retried create twice).
 */
export class IdempotencyStoreFullError extends StateUnavailableError {
  constructor(capacity: number) {
    super('idempotent create');
    this.message = `The idempotency store is full (${capacity} keys kept for their 24 hours; IDEMPOTENCY_MAX_KEYS), `
      + 'so this create with a new idempotencyKey was not attempted: retry later';
  }
}

/**
 * One credential holds IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL live keys: its new key is refused,
 * so one tenant (a failing account whose creates all end in doubt) never fills the store for others.
 */
export class IdempotencyQuotaError extends StateUnavailableError {
  constructor(capacity: number) {
    super('idempotent create');
    this.message = `This credential already holds ${capacity} idempotency keys (kept for their 24 hours; IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL), `
      + 'so this create with a new idempotencyKey was not attempted: retry later';
  }
}

/**
 * An update waited a whole lock ttl for its client's lock (a queue of updates of one client,
 * or a holder that died): nothing was written.
 */
export class UpdateBusyError extends ServiceError {
  override readonly name = 'UpdateBusyError';
  constructor(waitedMs: number) {
    super('CLIENT_BUSY', `Other updates of this client kept it locked for ${waitedMs} ms, so this update was not attempted: retry later`);
  }
}

/**
 * An update whose client's lock was gone when it ended (Redis lost its data while it ran):
 * its write was made, but another update may have written from the same snapshot.
 */
export class UpdateLockLostError extends StateUnavailableError {
  constructor() {
    super('update');
    this.message = 'The shared state (Redis) lost this client\'s update lock while the update ran (Redis lost its data?), '
      + 'so another update may have written over it';
  }
}
