import { LRUCache } from 'lru-cache';

const MAX_CACHED_TENANTS = 10_000;

/** A bounded TTL cache; a TTL of 0 turns caching off entirely (the seed's contract). */
export class TTLCache<V extends object> {
  private readonly lru?: LRUCache<string, V>;

  constructor(ttlMs: number) {
    if (ttlMs > 0) this.lru = new LRUCache<string, V>({ max: MAX_CACHED_TENANTS, ttl: ttlMs });
  }

  get(key: string): V | undefined {
    return this.lru?.get(key);
  }

  set(key: string, value: V): void {
    this.lru?.set(key, value);
  }

  delete(key: string): void {
    this.lru?.delete(key);
  }
}
