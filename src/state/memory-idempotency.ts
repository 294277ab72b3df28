import type { IdempotencyStore } from './idempotency-store.js';

/** The idempotency store of one process: a bounded map whose entries expire. */
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
    this.put(key, value, ttlMs);
    return true;
  }

  async compareAndSet(key: string, expected: string, next: string | null, ttlMs: number): Promise<boolean> {
    if ((await this.get(key)) !== expected) return false;
    this.entries.delete(key);
    if (next !== null) this.put(key, next, ttlMs);
    return true;
  }

  private put(key: string, value: string, ttlMs: number): void {
    // Insertion order is age order: past the bound, the oldest entries go first.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
  }
}
