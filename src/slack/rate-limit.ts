import { BoundedTtlMap, type Clock, systemClock } from './bounded-map.js';

const WINDOW_MS = 60_000;

/** Per-user sliding window: at most `perMinute` accepted questions in any 60 seconds. */
export class SlidingWindowRateLimiter {
  private readonly hits: BoundedTtlMap<string, number[]>;
  private readonly clock: Clock;

  constructor(
    private readonly perMinute: number,
    clock: Clock = systemClock,
    maxUsers = 10_000,
  ) {
    this.clock = clock;
    this.hits = new BoundedTtlMap({ maxEntries: maxUsers, ttlMs: WINDOW_MS, clock });
  }

  get limit(): number {
    return this.perMinute;
  }

  /** Records a question and returns true, or returns false (recording nothing) when over the limit. */
  tryAcquire(userId: string): boolean {
    const now = this.clock.now();
    const recent = (this.hits.get(userId) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(userId, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(userId, recent);
    return true;
  }
}
