/**
 * The port of where idempotency keys live, as idempotency.ts uses it: small atomic operations
 * on text values, so the rules of idempotent creates are the same in memory and on Redis (both
 * implemented by src/state/). A store that cannot take a new key rejects with a
 * StateUnavailableError (errors.ts): the create is then not attempted.
 */
export interface IdempotencyStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` only if `key` holds nothing (the atomic claim); true when it did. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Replaces the value only if it still is `expected` (null deletes the key); true when it
   * did. Only the claim's owner, holding the value it wrote, can settle or free a key.
   */
  compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean>;
}
