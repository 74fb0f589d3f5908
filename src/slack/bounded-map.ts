/** Time source, injectable so tests can move time without sleeping. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface BoundedMapOptions {
  maxEntries: number;
  ttlMs: number;
  clock?: Clock;
}

/**
 * A Map that forgets: entries expire after `ttlMs` and the least recently used go first
 * once `maxEntries` is reached, so a long-running bot's memory stays bounded.
 */
export class BoundedTtlMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly clock: Clock;

  constructor(private readonly options: BoundedMapOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert to mark as recently used (Map iterates in insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): void {
    const now = this.clock.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.options.ttlMs });
    this.evict(now);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const overFull = this.entries.size > this.options.maxEntries;
      if (!overFull && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
