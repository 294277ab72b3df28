import { StateUnavailableError } from '../clients/errors.js';

/**
 * Why a store of this folder refuses a new idempotency key: its own capacity rules. The core
 * sees them as what they extend, the StateUnavailableError of its error family (clients/errors.ts).
 */

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
