// How virtual time moves while a local execution runs. The definition's Wait states (and retry backoffs)
// are overridden to 0 real ms; the pacer decides how the virtual clock makes up for them.
import type { VirtualClock } from "../clock.ts";

export interface Pacer {
  /** The execution entered a Wait (or a retry backoff) of this many virtual seconds. */
  elapse(seconds: number): void;
  /** Resolves once virtual time has caught up with every wait so far; each Task awaits it before running. */
  caughtUp(): Promise<void>;
  /**
   * Runs `job` every `periodSeconds` of virtual time (a scheduled Lambda, e.g. the reconciler). Virtual time
   * does not move past a due run until that run has finished: the job is async, and the clock's own timers
   * fire synchronously, so a timer could not hold time back while the job awaits its calls.
   */
  every(periodSeconds: number, job: () => Promise<void>): void;
  stop(): void;
}

interface PeriodicJob {
  periodMs: number;
  next: number;
  job: () => Promise<void>;
}

/**
 * Tests and scenario runs: a wait of N seconds moves the clock N seconds at once, except that it stops at
 * each due periodic job; `caughtUp` runs the job there (awaiting it) and moves on to the wait's end.
 */
export function instantPacer(clock: VirtualClock): Pacer {
  let target = clock.now();
  const jobs: PeriodicJob[] = [];
  let running: Promise<void> | null = null;
  const nextDue = () => jobs.reduce((soonest, job) => Math.min(soonest, job.next), Infinity);
  const advanceTowardsTarget = () => {
    const to = Math.min(target, nextDue());
    if (to > clock.now()) clock.advance(to - clock.now());
  };
  return {
    elapse(seconds) {
      target = Math.max(target, clock.now()) + seconds * 1000;
      // While a job runs, time waits for it; `caughtUp` moves it on afterwards.
      if (!running) advanceTowardsTarget();
    },
    async caughtUp() {
      for (;;) {
        if (running) {
          await running;
          continue;
        }
        const due = jobs.find((job) => job.next <= clock.now());
        if (due) {
          while (due.next <= clock.now()) due.next += due.periodMs;
          running = due.job().finally(() => (running = null));
          await running;
          continue;
        }
        if (clock.now() >= target) return;
        advanceTowardsTarget();
      }
    },
    every(periodSeconds, job) {
      jobs.push({ periodMs: periodSeconds * 1000, next: clock.now() + periodSeconds * 1000, job });
    },
    stop: () => void jobs.splice(0),
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
  const jobs: Array<PeriodicJob & { running: boolean }> = [];
  const timer = setInterval(() => {
    clock.advance(speed * tickMs);
    if (clock.now() >= target) waiting.splice(0).forEach((resume) => resume());
    // Real time runs on regardless here; a run still going when the next is due is skipped, as a slow one would be.
    for (const job of jobs.filter((job) => job.next <= clock.now() && !job.running)) {
      while (job.next <= clock.now()) job.next += job.periodMs;
      job.running = true;
      void job.job().finally(() => (job.running = false));
    }
  }, tickMs);
  return {
    elapse(seconds) {
      target = Math.max(target, clock.now()) + seconds * 1000;
    },
    caughtUp: () => (clock.now() >= target ? Promise.resolve() : new Promise<void>((resume) => waiting.push(resume))),
    every(periodSeconds, job) {
      jobs.push({ periodMs: periodSeconds * 1000, next: clock.now() + periodSeconds * 1000, job, running: false });
    },
    stop() {
      jobs.splice(0);
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
