// Runs deployment executions in the sandbox: the real definition and handlers (local/execute-definition.ts),
// virtual time moved by a pacer, a stop at a named state (as StopExecution would), and the "Execution Status
// Change" event delivered to the cleanup handler when an execution ends badly, as EventBridge does on AWS.
import type { StateMachine } from "aws-local-stepfunctions";
import type { TaskArns } from "../../functions/catalog.ts";
import type { TaskDeps } from "../../functions/tasks/deps.ts";
import { makeCleanup, type CleanupResult } from "../../functions/events/cleanup.ts";
import type { BackoffDeps } from "../../functions/events/safe-state.ts";
import type { StateMachineDefinition } from "../../stacks/definition.ts";
import { executeDefinition, type ExecutionResult } from "../execute-definition.ts";
import type { LocalExecutions } from "./local-executions.ts";
import { retryDelaySeconds, type Pacer } from "./pacer.ts";

export type RunEventKind = "deploy" | "step" | "verdict" | "rollback" | "promote";

/** One line of progress: what a Task did and why, at virtual time `t`. */
export interface RunEvent {
  t: number;
  execution: string;
  state: string;
  kind: RunEventKind;
  text: string;
  output?: unknown;
}

export interface LocalRunResult {
  execution: string;
  input: unknown;
  result: ExecutionResult | { status: "ABORTED"; stoppedAt: string; events: ExecutionResult["events"] };
  cleanup?: CleanupResult;
}

export interface RunnerOptions {
  stateMachine: StateMachine;
  definition: StateMachineDefinition;
  arns: TaskArns;
  deps: TaskDeps;
  pacer: Pacer;
  executions: () => LocalExecutions<LocalRunResult>;
  /** The state at which an execution is stopped (StopExecution), if a scenario asks for it. */
  stopAt?: (execution: string, input: unknown) => string | undefined;
  onEvent?: (event: RunEvent) => void;
}

const KIND_OF_STATE: Record<string, RunEventKind> = {
  "Shift traffic": "step",
  "Check alarms": "verdict",
  "Check alarms during the final bake": "verdict",
  "Roll back": "rollback",
  "Finish rollback": "rollback",
  "Promote the new version": "promote",
};

/** The `launch` that LocalExecutions calls for each new execution. */
export function makeLauncher(options: RunnerOptions) {
  const cleanup = makeCleanup({ ...options.deps.adapters, clock: options.deps.clock, ...virtualBackoff(options.pacer) });
  return (name: string, input: unknown) => {
    const done = run(name, input);
    return { done, statusOf: (outcome: LocalRunResult) => outcome.result.status };
  };

  async function run(name: string, input: unknown): Promise<LocalRunResult> {
    const { deps, pacer } = options;
    const emit = (state: string, kind: RunEventKind, text: string, output?: unknown) =>
      options.onEvent?.({ t: deps.clock.now(), execution: name, state, kind, text, output });
    const result = await executeDefinition({
      stateMachine: options.stateMachine,
      definition: options.definition,
      arns: options.arns,
      deps,
      input,
      executionName: name,
      stopAtState: options.stopAt?.(name, input),
      beforeTask: () => pacer.caughtUp(),
      approve: ({ taskToken }) => options.executions().awaitDecision(taskToken),
      onWait: ({ seconds }) => pacer.elapse(seconds),
      onEvent: (event) => {
        if (event.type === "StateRetried") pacer.elapse(retryDelaySeconds(event.retry.retrier, event.retry.attempt));
      },
      onTaskResult: (state, output) => {
        const reason = (output as { reason?: unknown } | null)?.reason;
        if (typeof reason === "string") emit(state, KIND_OF_STATE[state] ?? "deploy", reason, output);
      },
    });
    if (result.status === "SUCCEEDED") return { execution: name, input, result };
    emit(result.status === "ABORTED" ? "Stopped" : "Deployment failed", "rollback", result.status === "ABORTED" ? `Execution stopped at ${result.stoppedAt}` : `${result.error}: ${result.cause}`);
    // EventBridge delivers "Step Functions Execution Status Change" for FAILED/ABORTED/TIMED_OUT to cleanup
    // as an async invocation, so a failed cleanup gets Lambda's two retries.
    const outcome = await withAsyncInvokeRetries(pacer, (error) => emit("Cleanup", "rollback", `cleanup failed, Lambda retries the async invocation: ${error.message}`), () => cleanup({
      detail: {
        executionArn: `arn:aws:states:us-east-1:000000000000:execution:glidepath:${name}`,
        stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:glidepath",
        name,
        status: result.status,
        input: JSON.stringify(input),
        error: result.status === "FAILED" ? result.error : null,
        cause: result.status === "FAILED" ? result.cause : null,
      },
    }));
    if (outcome.outcome === "converged" && outcome.trafficChanged) emit("Cleanup", "rollback", outcome.reason);
    return { execution: name, input, result, cleanup: outcome };
  }
}

/**
 * Waits of the out-of-band handlers (cleanup's and the circuit breaker's Route 53 backoff) on the virtual
 * clock. Fixed jitter: one client per zone here, and a seeded run stays reproducible.
 */
export function virtualBackoff(pacer: Pacer): Required<BackoffDeps> {
  return {
    sleep: async (ms) => {
      pacer.elapse(ms / 1000);
      await pacer.caughtUp();
    },
    random: () => 0.5,
  };
}

/**
 * EventBridge hands an event to a Lambda target as an asynchronous invocation: once Lambda has queued it,
 * a handler that fails is retried by Lambda, twice by default, about 1 and then 2 minutes later (virtual
 * seconds). EventBridge's own 24 h retry policy only covers failing to hand the event over.
 */
const ASYNC_INVOKE_RETRY_DELAYS_SECONDS = [60, 120];

/** Calls `invoke` as Lambda runs an async invocation: up to 3 tries in all, then the event is dropped (thrown). */
export async function withAsyncInvokeRetries<T>(pacer: Pacer, onFailure: (error: Error) => void, invoke: () => Promise<T>): Promise<T> {
  for (const delay of ASYNC_INVOKE_RETRY_DELAYS_SECONDS) {
    try {
      return await invoke();
    } catch (error) {
      onFailure(error as Error);
      pacer.elapse(delay);
      await pacer.caughtUp();
    }
  }
  return invoke();
}
