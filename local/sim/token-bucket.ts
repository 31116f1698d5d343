// A token bucket on the virtual clock: Route 53's "5 requests per second per account".
import type { Clock } from "../../functions/adapters/ports.ts";

export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(private readonly clock: Clock, private readonly ratePerSecond: number, private readonly burst = ratePerSecond) {
    this.tokens = burst;
    this.lastRefill = clock.now();
  }

  /** Takes one token; false when the bucket is empty (the caller throttles). A rate of 0 never throttles. */
  take(): boolean {
    if (this.ratePerSecond <= 0) return true;
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.ratePerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
