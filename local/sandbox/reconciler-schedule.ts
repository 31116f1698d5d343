// The reconciler as it runs on AWS: an EventBridge schedule every 5 minutes (stacks/event-patterns.ts), and
// an invocation after every cleanup. Here the schedule is a periodic job of the pacer, so virtual time waits
// for each run, and the run is held to the Lambda's timeout in virtual time: a run whose waits would take it
// past 120 s ends with Lambda's "Task timed out", whatever it had not done yet left for the next run.
import type { TaskDeps } from "../../functions/task-support/deps.ts";
import { EVENT_FUNCTIONS } from "../../functions/catalog.ts";
import { makeReconciler, type ReconcileResult } from "../../functions/events/reconciler.ts";
import type { VirtualClock } from "../clock.ts";
import type { Pacer } from "./pacer.ts";
import { runAs } from "./execution-scope.ts";
import { asFunction } from "./function-scope.ts";

/** `rate(5 minutes)`, the schedule the stack deploys. */
export const RECONCILE_PERIOD_SECONDS = 300;

export interface ReconcilerRun {
  trigger: "schedule" | "after cleanup";
  result?: ReconcileResult;
  /** The run failed (a Lambda timeout, an error the handler throws): what Lambda reports. */
  error?: string;
}

export function sandboxReconciler(deps: TaskDeps & { clock: VirtualClock }, onRun: (run: ReconcilerRun) => void) {
  const timeoutMs = EVENT_FUNCTIONS.reconciler.timeoutSeconds * 1000;
  return async function reconcile(trigger: ReconcilerRun["trigger"]): Promise<void> {
    const deadline = deps.clock.now() + timeoutMs;
    // Its backoff waits move the clock directly: the pacer is holding time for this very run.
    const sleep = async (ms: number) => {
      if (deps.clock.now() + ms > deadline) throw Object.assign(new Error(`Task timed out after ${timeoutMs / 1000}.00 seconds`), { name: "Sandbox.Timedout" });
      deps.clock.advance(ms);
    };
    const reconciler = makeReconciler({ ...deps.adapters, clock: deps.clock, sleep, random: () => 0.5 });
    try {
      // Its own invocation, as on AWS: whoever set it off (a cleanup, or the pacer's step that a Task's call
      // queued) is not the actor of its calls, so the monitor never attributes the reconciler's writes to them.
      onRun({ trigger, result: await runAs("reconciler", () => asFunction("reconciler", () => reconciler())) });
    } catch (error) {
      onRun({ trigger, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  };
}

/** Puts the reconciler on the pacer's schedule. */
export function scheduleReconciler(pacer: Pacer, reconcile: (trigger: ReconcilerRun["trigger"]) => Promise<void>, periodSeconds = RECONCILE_PERIOD_SECONDS): void {
  pacer.every(periodSeconds, () => reconcile("schedule"));
}
