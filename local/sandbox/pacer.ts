// How virtual time moves while a local execution runs. The definition's Wait states (and retry backoffs)
// are overridden to 0 real ms; the pacer decides how the virtual clock makes up for them.
import type { VirtualClock } from "../clock.ts";

export interface Pacer {
  /** The execution entered a Wait (or a retry backoff) of this many virtual seconds. */
  elapse(seconds: number): void;
  /** Resolves once virtual time has caught up with every wait so far; each Task awaits it before running. */
  caughtUp(): Promise<void>;
  stop(): void;
}

/** Tests and scenario runs: a wait of N seconds moves the clock N seconds at once. */
export function instantPacer(clock: VirtualClock): Pacer {
  return {
    elapse: (seconds) => clock.advance(seconds * 1000),
    caughtUp: async () => {},
    stop: () => {},
  };
}

/**
 * The demo: virtual time runs `speed` times faster than real time, so real traffic flows during a bake and
 * a 10-minute canary is watchable in seconds. Between waits, time still moves at that speed (traffic and
 * alarm windows keep going while Tasks run).
 */
export function realtimePacer(clock: VirtualClock, speed: number, tickMs = 50): Pacer {
  let target = clock.now();
  const waiting: Array<() => void> = [];
  const timer = setInterval(() => {
    clock.advance(speed * tickMs);
    if (clock.now() >= target) waiting.splice(0).forEach((resume) => resume());
  }, tickMs);
  return {
    elapse(seconds) {
      target = Math.max(target, clock.now()) + seconds * 1000;
    },
    caughtUp: () => (clock.now() >= target ? Promise.resolve() : new Promise<void>((resume) => waiting.push(resume))),
    stop() {
      clearInterval(timer);
      waiting.splice(0).forEach((resume) => resume());
    },
  };
}

/** Seconds a Step Functions retrier waits before retry `attempt` (1-based): interval × backoff^(attempt-1), capped. */
export function retryDelaySeconds(retrier: { IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number }, attempt: number): number {
  const delay = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** Math.max(0, attempt - 1);
  return retrier.MaxDelaySeconds === undefined ? delay : Math.min(delay, retrier.MaxDelaySeconds);
}
