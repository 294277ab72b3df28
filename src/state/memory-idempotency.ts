import { IdempotencyQuotaError, IdempotencyStoreFullError } from './errors.js';
import type { IdempotencyStore } from '../clients/idempotency-port.js';
import { splitShared } from './keys.js';

/**
 * The idempotency store of one process: a bounded map whose entries expire. A key is never
 * dropped before its ttl (a key dropped early would let a retry of an in-doubt create POST
 * again), so when the map is full of live keys a new key is refused instead
 * (IDEMPOTENCY_MAX_KEYS); keys already stored go on being answered and settled. Each
 * credential holds at most IDEMPOTENCY_MAX_KEYS_PER_CREDENTIAL of them.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { value: string; expires: number }>();
  /** Live keys per credential scope (see keys.ts), for the per-credential cap. */
  private readonly perScope = new Map<string, number>();

  // Results hold whole clients (raw included): 10,000 of them stay within a few tens of MB.
  constructor(private readonly maxEntries = 10_000, private readonly maxPerCredential = 1000) {}

  async get(key: string): Promise<string | undefined> {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.expires > Date.now()) return found.value;
    this.remove(key);
    return undefined;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== undefined) return false;
    const { scope } = splitShared(key);
    const held = () => this.perScope.get(scope) ?? 0;
    if (this.entries.size >= this.maxEntries || held() >= this.maxPerCredential) this.dropExpired();
    // Its own cap first: one credential's keys never make the store refuse another's.
    if (held() >= this.maxPerCredential) throw new IdempotencyQuotaError(this.maxPerCredential);
    if (this.entries.size >= this.maxEntries) throw new IdempotencyStoreFullError(this.maxEntries);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    this.perScope.set(scope, held() + 1);
    return true;
  }

  async compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== expected) return false;
    // Replacing a key's value never grows the map, so a stored key can always be settled.
    if (next === null) this.remove(key);
    else this.entries.set(key, { value: next, expires: Date.now() + ttlMs });
    return true;
  }

  private remove(key: string): void {
    if (!this.entries.delete(key)) return;
    const { scope } = splitShared(key);
    const left = (this.perScope.get(scope) ?? 1) - 1;
    if (left > 0) this.perScope.set(scope, left);
    else this.perScope.delete(scope);
  }

  /** Only when full: one pass over the map (a few hundred microseconds at 10,000 keys). */
  private dropExpired(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.remove(key);
  }
}
