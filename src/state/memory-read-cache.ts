import type { ClientRecord } from '../clients/client.js';
import type { CacheLookup, ReadCache } from '../clients/read-cache-port.js';

/** The read cache of one process: bounded, entries expire after the ttl. */
export class MemoryReadCache implements ReadCache {
  private readonly entries = new Map<string, { client: ClientRecord; expires: number }>();
  /** Generations of keys written lately; a key absent here is at generation "0". */
  private readonly generations = new Map<string, number>();
  private counter = 0;

  constructor(private readonly ttlMs: number, private readonly maxEntries = 10_000) {}

  async lookup(key: string): Promise<CacheLookup> {
    const found = this.entries.get(key);
    const generation = String(this.generations.get(key) ?? 0);
    if (found && found.expires > Date.now()) return { hit: found.client, generation };
    if (found) this.entries.delete(key);
    return { generation };
  }

  async generation(key: string): Promise<string> {
    return String(this.generations.get(key) ?? 0);
  }

  async store(key: string, generation: string, client: ClientRecord): Promise<void> {
    if (String(this.generations.get(key) ?? 0) !== generation) return;
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { client, expires: Date.now() + this.ttlMs });
  }

  async invalidate(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.entries.delete(key);
      // Counters only grow, so an old generation never comes back; the map stays bounded.
      this.generations.delete(key);
      this.generations.set(key, ++this.counter);
      if (this.generations.size > this.maxEntries) this.generations.delete(this.generations.keys().next().value!);
    }
  }
}
