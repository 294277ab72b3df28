import { IdempotencyStoreFullError } from './errors.js';
import type { IdempotencyStore } from './idempotency-store.js';

/**
 * The idempotency store of one process: a bounded map whose entries expire. A key is never
 * dropped before its ttl (a key dropped early would let a retry of an in-doubt create POST
 * again), so when the map is full of live keys a new key is refused instead
 * (IDEMPOTENCY_MAX_KEYS); keys already stored go on being answered and settled.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, { value: string; expires: number }>();

  // Results hold whole clients (raw included): 10,000 of them stay within a few tens of MB.
  constructor(private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<string | undefined> {
    const found = this.entries.get(key);
    if (!found) return undefined;
    if (found.expires > Date.now()) return found.value;
    this.entries.delete(key);
    return undefined;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== undefined) return false;
    if (this.entries.size >= this.maxEntries) this.dropExpired();
    if (this.entries.size >= this.maxEntries) throw new IdempotencyStoreFullError(this.maxEntries);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    return true;
  }

  async compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== expected) return false;
    // Replacing a key's value never grows the map, so a stored key can always be settled.
    this.entries.delete(key);
    if (next !== null) this.entries.set(key, { value: next, expires: Date.now() + ttlMs });
    return true;
  }

  /** Only when full: one pass over the map (a few hundred microseconds at 10,000 keys). */
  private dropExpired(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
