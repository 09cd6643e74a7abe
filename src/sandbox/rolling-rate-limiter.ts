/** A request budget over a rolling window, like HubSpot's per-10-second and per-second limits. */
export interface RateLimit {
  /** Requests allowed in any window of `intervalMs`. */
  max: number;
  intervalMs: number;
}

/** Counts accepted requests in a rolling window; refused requests do not use the budget. */
export class RollingRateLimiter {
  private stamps: number[] = [];

  constructor(private limit: RateLimit) {}

  get max(): number {
    return this.limit.max;
  }

  get intervalMs(): number {
    return this.limit.intervalMs;
  }

  setLimit(limit: RateLimit): void {
    this.limit = limit;
  }

  /** Takes one request from the budget; false when the window is full. */
  tryTake(now: number): boolean {
    this.evict(now);
    if (this.stamps.length >= this.limit.max) return false;
    this.stamps.push(now);
    return true;
  }

  remaining(now: number): number {
    this.evict(now);
    return Math.max(0, this.limit.max - this.stamps.length);
  }

  reset(): void {
    this.stamps = [];
  }

  private evict(now: number): void {
    const oldest = now - this.limit.intervalMs;
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop]! <= oldest) drop += 1;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
  }
}
