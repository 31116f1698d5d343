// How virtual time moves in the sandbox. The definition's Wait states (and retry backoffs) are overridden to
// 0 real ms; whoever waits asks the pacer to `sleep` for the virtual seconds instead.
import { AsyncLocalStorage } from "node:async_hooks";
import type { VirtualClock } from "../clock.ts";

export interface Pacer {
  /**
   * Resolves once `seconds` of virtual time have passed for the caller, or as soon as `wake` aborts (a task
   * token answered, an execution stopped). Each caller waits on its own: two executions sleeping 60 s each
   * both wake one virtual minute later, not two.
   */
  sleep(seconds: number, wake?: AbortSignal): Promise<void>;
  /**
   * Real work (a call through loopback, an HTTP probe) that virtual time must not move under: while any is
   * in flight, the clock holds still, so an execution's calls all happen at the instant it made them.
   */
  track<T>(work: Promise<T>): Promise<T>;
  /**
   * Runs `work` on a timeline of its own (an execution, a circuit-breaker invocation): virtual time holds still
   * while it runs, except while it sleeps. Its sleeps — however deep in its calls — are found through the async
   * context, so a handler sleeping through `sleep` needs no timeline passed in.
   */
  timeline<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `job` every `periodSeconds` of virtual time (a scheduled Lambda, e.g. the reconciler). Virtual time
   * does not move past a due run until that run has finished.
   */
  every(periodSeconds: number, job: () => Promise<void>): void;
  stop(): void;
}

interface PeriodicJob {
  periodMs: number;
  next: number;
  job: () => Promise<void>;
}

/** A timeline is busy (holds time still) while any of its flows runs outside `sleep`. */
interface Timeline {
  running: number;
}

interface Sleeper {
  at: number;
  seq: number;
  resume: () => void;
}

/**
 * Tests, scenario runs and fuzzing: a discrete-event scheduler. Time moves only when the whole sandbox is
 * quiet — nothing tracked in flight and every other piece of work parked in `sleep` — and then jumps to the
 * next thing due: a sleeper's wake-up, a periodic job, or a clock timer (an alarm evaluation, a traffic
 * bucket, a Route 53 change going INSYNC). It stops at each timer, so what a timer sets off (the circuit
 * breaker reacting to an alarm) runs at that virtual instant, before anything later. Concurrent executions
 * therefore each run on their own timeline of one clock, and a run is reproducible from its seed.
 *
 * "Quiet" is judged one macrotask after the last change (setImmediate): by then every promise continuation
 * has run, so woken code has either parked again, started tracked work, or finished.
 */
export function instantPacer(clock: VirtualClock): Pacer {
  const sleepers: Sleeper[] = [];
  const jobs: PeriodicJob[] = [];
  const context = new AsyncLocalStorage<Timeline>();
  /** Tracked calls in flight plus busy timelines: time moves only at 0. */
  let inFlight = 0;
  let seq = 0;
  let stopped = false;
  let checkQueued = false;

  const queueCheck = () => {
    if (checkQueued || stopped) return;
    checkQueued = true;
    setImmediate(step);
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight++;
    return work.finally(() => {
      inFlight--;
      queueCheck();
    });
  };
  // A timeline counts once however many of its flows run; two of its flows may sleep at once (a Task the stop
  // did not reach, and the cleanup after it).
  const busy = (timeline: Timeline) => {
    if (timeline.running++ === 0) inFlight++;
  };
  const idle = (timeline: Timeline) => {
    if (--timeline.running === 0) {
      inFlight--;
      queueCheck();
    }
  };

  function sleepUntil(at: number, wake?: AbortSignal): Promise<void> {
    // After stop, time never moves again (see stop()).
    if (stopped) return new Promise<void>(() => {});
    if (wake?.aborted) return Promise.resolve();
    return new Promise<void>((resume) => {
      const woken = () => {
        // After stop nothing wakes: the sandbox's services are shut down (see stop()).
        if (stopped) return;
        const index = sleepers.indexOf(sleeper);
        if (index >= 0) sleepers.splice(index, 1);
        resume();
        queueCheck();
      };
      const sleeper: Sleeper = {
        at,
        seq: seq++,
        resume: () => {
          wake?.removeEventListener("abort", woken);
          resume();
        },
      };
      sleepers.push(sleeper);
      sleepers.sort((x, y) => x.at - y.at || x.seq - y.seq);
      wake?.addEventListener("abort", woken, { once: true });
      queueCheck();
    });
  }

  /** One move of the scheduler: wake who is due, else run a due job, else jump to the next thing due. */
  function step(): void {
    checkQueued = false;
    if (stopped || inFlight > 0) return;
    const now = clock.now();
    const due = sleepers.filter((sleeper) => sleeper.at <= now);
    if (due.length > 0) {
      for (const sleeper of due) sleepers.splice(sleepers.indexOf(sleeper), 1);
      due.forEach((sleeper) => sleeper.resume());
      return queueCheck();
    }
    // Nobody is waiting for time: leave the clock where it is (timers alone do not move it), and run no
    // scheduled job either — whoever moved the clock by hand (a test, the monitor's quiet time) owns it.
    if (sleepers.length === 0) return;
    const dueJob = jobs.find((job) => job.next <= now);
    if (dueJob) {
      while (dueJob.next <= now) dueJob.next += dueJob.periodMs;
      // A job is an invocation of its own: it must not run on the timeline whose step happened to queue this one.
      void track(context.exit(() => dueJob.job()));
      return;
    }
    const next = Math.min(sleepers[0]!.at, ...jobs.map((job) => job.next), clock.nextTimerAt() ?? Infinity);
    clock.advance(next - now);
    queueCheck();
  }

  return {
    async sleep(seconds, wake) {
      const at = clock.now() + Math.max(0, seconds) * 1000;
      const timeline = context.getStore();
      if (!timeline) return sleepUntil(at, wake);
      idle(timeline);
      try {
        await sleepUntil(at, wake);
      } finally {
        busy(timeline);
      }
    },
    track,
    timeline(work) {
      const timeline: Timeline = { running: 0 };
      busy(timeline);
      return context.run(timeline, work).finally(() => idle(timeline));
    },
    every(periodSeconds, job) {
      jobs.push({ periodMs: periodSeconds * 1000, next: clock.now() + periodSeconds * 1000, job });
    },
    stop() {
      stopped = true;
      jobs.splice(0);
      // The sandbox is closing: a sleeper woken now would call services that are already shut down, so every
      // sleeper stays asleep (its promise is dropped with the sandbox).
      sleepers.splice(0);
      // An enabled AsyncLocalStorage stays in Node's list until disabled, and every promise created anywhere
      // in the process then pays for propagating it: a fuzz worker running hundreds of sandboxes slowed
      // down run after run (a 500-run search cost 3.7 times the CPU) until each pacer let go of its own.
      context.disable();
    },
  };
}

/**
 * The demo: virtual time runs `speed` times faster than real time, so real traffic flows during a bake and
 * a 10-minute canary is watchable in seconds. Time moves whatever runs, as on AWS.
 */
export function realtimePacer(clock: VirtualClock, speed: number, tickMs = 50): Pacer {
  const sleepers: Array<{ at: number; resume: () => void }> = [];
  const jobs: Array<PeriodicJob & { running: boolean }> = [];
  const timer = setInterval(() => {
    clock.advance(speed * tickMs);
    for (const sleeper of sleepers.filter((sleeper) => sleeper.at <= clock.now())) {
      sleepers.splice(sleepers.indexOf(sleeper), 1);
      sleeper.resume();
    }
    // Real time runs on regardless here; a run still going when the next is due is skipped, as a slow one would be.
    for (const job of jobs.filter((job) => job.next <= clock.now() && !job.running)) {
      while (job.next <= clock.now()) job.next += job.periodMs;
      job.running = true;
      void job.job().finally(() => (job.running = false));
    }
  }, tickMs);
  return {
    sleep(seconds, wake) {
      if (seconds <= 0 || wake?.aborted) return Promise.resolve();
      return new Promise<void>((resume) => {
        const woken = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          resume();
        };
        const sleeper = {
          at: clock.now() + seconds * 1000,
          resume: () => {
            wake?.removeEventListener("abort", woken);
            resume();
          },
        };
        sleepers.push(sleeper);
        wake?.addEventListener("abort", woken, { once: true });
      });
    },
    track: (work) => work,
    timeline: (work) => work(),
    every(periodSeconds, job) {
      jobs.push({ periodMs: periodSeconds * 1000, next: clock.now() + periodSeconds * 1000, job, running: false });
    },
    stop() {
      jobs.splice(0);
      clearInterval(timer);
      sleepers.splice(0).forEach((sleeper) => sleeper.resume());
    },
  };
}

/** Seconds a Step Functions retrier waits before retry `attempt` (1-based): interval × backoff^(attempt-1), capped. */
export function retryDelaySeconds(retrier: { IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number }, attempt: number): number {
  const delay = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** Math.max(0, attempt - 1);
  return retrier.MaxDelaySeconds === undefined ? delay : Math.min(delay, retrier.MaxDelaySeconds);
}
