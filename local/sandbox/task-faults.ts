// Faults that happen to a Task's Lambda while it runs, which no StateEntered hook can model:
// - a stop that lands while the Task runs (`stopDuring`): StopExecution aborts the execution at once, as on
//   AWS, but cannot stop a Lambda already running. The worst case is modelled deterministically: the
//   Task's first write (a Route 53 change, a fleet change, the live record) is held until the cleanup of
//   the stopped execution has finished, then goes ahead.
// - a Lambda timeout (`timeoutIn`): the harder of the two cases is modelled, the Task's side effects landed
//   but Step Functions sees the function fail with `Lambda.Unknown` (how a function timeout surfaces).
import type { TaskDeps } from "../../functions/task-support/deps.ts";
import type { TaskAdapters } from "../../functions/task-support/deps.ts";

export interface TaskFaults {
  /** The state during whose Task a StopExecution lands. */
  stopDuring?: string;
  /** The state whose Task's Lambda times out (after its side effects). */
  timeoutIn?: string;
}

export interface TaskFaultContext {
  faults: TaskFaults;
  deps: TaskDeps;
  /** StopExecution of this execution. */
  stop: (cause: string) => void;
  /** Settles once the cleanup of this (stopped) execution has finished. */
  cleanedUp: Promise<void>;
  /** A Task still running after its execution ended: the runner waits for it before the run is done. */
  linger: (task: Promise<unknown>) => void;
  /** Lets virtual time pass (the sandbox's virtual sleep). */
  sleep: (ms: number) => Promise<void>;
  onNote: (state: string, text: string) => void;
}

/** How long after the stopped execution's cleanup the held write lands. */
const LATE_WRITE_DELAY_MS = 2_000;

/** Lambda's own error when a function runs past its timeout, as Step Functions reports it. */
function lambdaTimeoutError(state: string): Error {
  const payload = JSON.stringify({ errorMessage: `Task timed out after the function's timeout (${state})` });
  return Object.assign(new Error(`The cause could not be determined because Lambda did not return an error type. Returned payload: ${payload}`), {
    name: "Lambda.Unknown",
  });
}

/** The `aroundTask` hook of one execution, or undefined when it has no such faults. */
export function taskFaultHook(context: TaskFaultContext) {
  const { faults } = context;
  if (!faults.stopDuring && !faults.timeoutIn) return undefined;
  let stopped = false;
  let timedOut = false;
  return async (state: string, invoke: (deps: TaskDeps) => Promise<unknown>): Promise<unknown> => {
    if (state === faults.stopDuring && !stopped) {
      stopped = true;
      const cause = `stopped while ${state} was running (scenario fault stopDuring)`;
      let landed = false;
      const land = () => {
        if (landed) return;
        landed = true;
        context.stop(cause);
      };
      const held: TaskDeps = { ...context.deps, adapters: holdingWrites(context.deps.adapters, async () => {
        land();
        await context.cleanedUp;
        // A moment later, as a Lambda resuming after a slow call would: Route 53's rate limit refills meanwhile.
        await context.sleep(LATE_WRITE_DELAY_MS);
        context.onNote(state, `the stopped execution's ${state} Lambda runs on after cleanup and makes its write`);
      }) };
      // The execution is stopped either way (at the first write, else when the Lambda returns), so what the
      // Lambda returns or throws reaches no one: it is only noted.
      const running = invoke(held)
        .catch((error: Error) => context.onNote(state, `the stopped execution's ${state} Lambda failed: ${error.name}: ${error.message}`))
        .finally(land);
      context.linger(running);
      return running;
    }
    if (state === faults.timeoutIn && !timedOut) {
      timedOut = true;
      await invoke(context.deps);
      throw lambdaTimeoutError(state);
    }
    return invoke(context.deps);
  };
}

/** The adapters with `beforeFirstWrite` awaited before the first write that changes traffic, fleets or the live slot. */
function holdingWrites(adapters: TaskAdapters, beforeFirstWrite: () => Promise<void>): TaskAdapters {
  let first: Promise<void> | undefined;
  const gate = () => (first ??= beforeFirstWrite());
  const held = <A extends unknown[], R>(write: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    await gate();
    return write(...args);
  };
  const fleet = (f: TaskAdapters["fleets"]["autoscaling"]) => ({
    ...f,
    deploy: held(f.deploy.bind(f)),
    scaleDown: held(f.scaleDown.bind(f)),
    resize: held(f.resize.bind(f)),
    startRefresh: held(f.startRefresh.bind(f)),
    rollBackRefresh: held(f.rollBackRefresh.bind(f)),
  });
  return {
    ...adapters,
    traffic: { ...adapters.traffic, setWeights: held(adapters.traffic.setWeights.bind(adapters.traffic)) },
    fleets: { autoscaling: fleet(adapters.fleets.autoscaling), codedeploy: fleet(adapters.fleets.codedeploy) },
    ledger: { ...adapters.ledger, setLive: held(adapters.ledger.setLive.bind(adapters.ledger)) },
  };
}
