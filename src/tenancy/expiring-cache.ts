/**
 * A small TTL cache of promises: concurrent lookups of one key share one query, and a
 * failed lookup is forgotten at once. Bounded: past `maxEntries` the oldest goes. Its
 * callers give it keys of a fixed shape (a hash, a checked id), so the count bounds the bytes.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Entries held, expired ones included until they are replaced or pushed out. */
  get size(): number {
    return this.entries.size;
  }

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (this.ttlMs === 0) return load();
    const value = load();
    if (hit) this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }
}
