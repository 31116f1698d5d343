// A virtual clock for the sandbox: Wait states, Route 53 propagation and alarm windows advance it instead
// of sleeping, so a 40-minute canary runs in seconds.
import type { Clock } from "../functions/adapters/ports.ts";

type Timer = { at: number; seq: number; fire: () => void };

export class VirtualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private readonly observers: Array<(now: number) => void> = [];

  constructor(startMs = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Runs `fire` when the clock reaches `now() + delayMs` (timers at the same instant fire in order). */
  schedule(delayMs: number, fire: () => void): void {
    this.timers.push({ at: this.current + Math.max(0, delayMs), seq: this.seq++, fire });
    this.timers.sort((x, y) => x.at - y.at || x.seq - y.seq);
  }

  /** When the next scheduled timer is due (ms), or undefined when none is. */
  nextTimerAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /**
   * Calls `observer` after every timer fires and at the end of every `advance`: the moments simulated state
   * can change with time, so a monitor checking there sees every change without a timer of its own.
   */
  onAdvance(observer: (now: number) => void): void {
    this.observers.push(observer);
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order; each timer sees `now()` equal to its due time.
   * Example: `schedule(5000, f); advance(10_000)` → f runs with now() = start + 5s, then now() = start + 10s.
   */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    for (let next = this.timers[0]; next && next.at <= target; next = this.timers[0]) {
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.fire();
      this.notify();
    }
    this.current = target;
    this.notify();
  }

  private notify(): void {
    for (const observer of this.observers) observer(this.current);
  }
}
