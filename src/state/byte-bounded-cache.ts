import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';

/**
 * An in-memory KeyValueCache (Apollo's interface: APQ, the parsed-document store) bounded by
 * the bytes of what it keeps, least recently used out first. `sizeOf` must count everything
 * an entry holds alive: a parsed document keeps its whole source text (comments included)
 * through its locations, which Apollo's default store does not count (it measures the AST's
 * JSON, ~200 bytes for `# <1 MB of comment> { __typename }`).
 */
export class ByteBoundedCache<V extends {}> implements KeyValueCache<V> {
  private readonly cache: LRUCache<string, V>;

  constructor(maxBytes: number, sizeOf: (value: V, key: string) => number) {
    // An entry larger than the whole budget is not kept (lru-cache refuses it) rather than
    // evicting everything else.
    this.cache = new LRUCache<string, V>({ maxSize: maxBytes, sizeCalculation: (value, key) => Math.max(1, sizeOf(value, key)) });
  }

  /** The bytes of what is kept now (by sizeOf's count). */
  get bytes(): number {
    return this.cache.calculatedSize;
  }

  async get(key: string): Promise<V | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, value: V, options?: KeyValueCacheSetOptions): Promise<void> {
    // Apollo's ttl is in seconds; none or null means no expiry of its own.
    this.cache.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : {});
  }

  async delete(key: string): Promise<boolean> {
    return this.cache.delete(key);
  }
}
