// Runs deployment executions in the sandbox: the real definition and handlers (local/execute-definition.ts),
// virtual time moved by a pacer, a stop at a named state (as StopExecution would), and the "Execution Status
// Change" event delivered to the cleanup handler when an execution ends badly, as EventBridge does on AWS.
import type { StateMachine } from "aws-local-stepfunctions";
import type { TaskArns } from "../../functions/catalog.ts";
import type { TaskDeps } from "../../functions/task-support/deps.ts";
import { makeCleanup, type CleanupResult } from "../../functions/events/cleanup.ts";
import type { BackoffDeps } from "../../functions/events/safe-state.ts";
import type { StateMachineDefinition } from "../../stacks/definition.ts";
import { formatDuration } from "../../functions/core/duration.ts";
import { SkipToFullError } from "../../functions/errors.ts";
import { STATE } from "../../stacks/definition.ts";
import { executeDefinition, type ApprovalRequest, type ExecutionResult, type TokenResolution, type TokenWaitRequest } from "../execute-definition.ts";
import { runAs } from "./execution-scope.ts";
import { asFunction } from "./function-scope.ts";
import { localExecutionArn, type LocalExecutions } from "./local-executions.ts";
import { retryDelaySeconds, type Pacer } from "./pacer.ts";
import { taskFaultHook, type TaskFaults } from "./task-faults.ts";

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
  result: ExecutionResult;
  /**
   * What the cleanup handler did; `failed` when every async try failed (the event is dropped, as on AWS);
   * `lost` when EventBridge never delivered the execution's status change to it. Either way the reconciler's
   * sweep of the expired lease is what converges the app/env.
   */
  cleanup?: CleanupResult | { outcome: "failed" | "lost"; reason: string };
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
  /** Faults of a Task's Lambda itself (a stop landing while it runs, a timeout), per execution. */
  taskFaults?: (execution: string, input: unknown) => TaskFaults | undefined;
  /** Whether EventBridge delivers this execution's "Execution Status Change" to cleanup (default: always). */
  deliverEndedEvent?: (execution: string, input: unknown) => boolean;
  /** Called after every cleanup, as the reconciler is invoked after every cleanup on AWS. */
  afterCleanup?: () => Promise<void>;
  /** Told when an approval step starts waiting; whoever answers sends the decision to `executions()` with its token. */
  approve?: (execution: string, request: ApprovalRequest) => void;
  /** Awaited before a Task of an execution runs, after its Waits were slept (see SandboxOptions.pauseBefore). */
  pauseBefore?: (execution: string, state: string) => Promise<void> | undefined;
  onEvent?: (event: RunEvent) => void;
}

// By STATE constant, so renaming a state in the definition cannot silently drop its lines here.
const KIND_OF_STATE: Record<string, RunEventKind> = {
  [STATE.shiftTraffic]: "step",
  [STATE.judgeBake]: "verdict",
  [STATE.judgeFinalBake]: "verdict",
  [STATE.judgeApprovalWait]: "verdict",
  [STATE.rollBack]: "rollback",
  [STATE.finishRollback]: "rollback",
  [STATE.promote]: "promote",
};

/** The `launch` that LocalExecutions calls for each new execution. */
export function makeLauncher(options: RunnerOptions) {
  const cleanup = makeCleanup({ ...options.deps.adapters, clock: options.deps.clock, ...virtualBackoff(options.pacer) });
  return (name: string, input: unknown) => {
    const stop = new AbortController();
    // Everything the execution does, its cleanup included, is attributed to it (the invariant monitor's I8).
    const done = runAs(name, () => options.pacer.timeline(() => run(name, input, stop.signal, (cause) => stop.abort(cause))));
    return { done, statusOf: (outcome: LocalRunResult) => outcome.result.status, abort: (cause: string) => stop.abort(cause) };
  };

  async function run(name: string, input: unknown, stopSignal: AbortSignal, stopExecution: (cause: string) => void): Promise<LocalRunResult> {
    const { deps, pacer } = options;
    const emit = (state: string, kind: RunEventKind, text: string, output?: unknown) =>
      options.onEvent?.({ t: deps.clock.now(), execution: name, state, kind, text, output });
    let cleanedUp!: () => void;
    const lingering: Array<Promise<unknown>> = [];
    const aroundTask = taskFaultHook({
      faults: options.taskFaults?.(name, input) ?? {},
      deps,
      stop: stopExecution,
      cleanedUp: new Promise<void>((resolve) => (cleanedUp = resolve)),
      linger: (task) => void lingering.push(task),
      sleep: virtualBackoff(pacer).sleep,
      onNote: (state, text) => emit(state, "rollback", text),
    });
    // Virtual seconds of Wait states and retry backoffs this execution has entered and not yet slept: the
    // library's own waits are 0 ms, so the execution sleeps them on its timeline before its next Task.
    let owed = 0;
    const result = await executeDefinition({
      stateMachine: options.stateMachine,
      definition: options.definition,
      arns: options.arns,
      deps,
      input,
      executionName: name,
      stopAtState: options.stopAt?.(name, input),
      stopSignal,
      ...(aroundTask ? { aroundTask } : {}),
      beforeTask: async (state) => {
        const seconds = owed;
        owed = 0;
        if (seconds > 0) await pacer.sleep(seconds, stopSignal);
        await options.pauseBefore?.(name, state);
      },
      resolveToken: (request) => awaitToken(name, request, stopSignal),
      tokens: { issue: (taskToken) => options.executions().issueToken(taskToken), revoke: (taskToken) => options.executions().expire(taskToken) },
      onWait: ({ seconds }) => void (owed += seconds),
      onEvent: (event) => {
        if (event.type === "StateRetried") owed += retryDelaySeconds(event.retry.retrier, event.retry.attempt);
      },
      onTaskResult: (state, output) => {
        const reason = (output as { reason?: unknown } | null)?.reason;
        if (typeof reason === "string") emit(state, KIND_OF_STATE[state] ?? "deploy", reason, output);
      },
    });
    if (result.status === "SUCCEEDED") {
      cleanedUp();
      await Promise.all(lingering);
      return { execution: name, input, result };
    }
    emit(result.status === "ABORTED" ? "Stopped" : "Deployment failed", "rollback", result.status === "ABORTED" ? `Execution stopped at ${result.stoppedAt}${result.cause ? `: ${result.cause}` : ""}` : `${result.error}: ${result.cause}`);
    // EventBridge delivers best effort: a lost status change runs no cleanup, and no reconciler after it.
    if (options.deliverEndedEvent?.(name, input) === false) {
      const reason = `the Execution Status Change event of ${name} (${result.status}) was lost on its way to cleanup`;
      emit("Cleanup", "rollback", reason);
      cleanedUp();
      await Promise.all(lingering);
      return { execution: name, input, result, cleanup: { outcome: "lost", reason } };
    }
    // EventBridge delivers "Step Functions Execution Status Change" for FAILED/ABORTED/TIMED_OUT to cleanup
    // as an async invocation, so a failed cleanup gets Lambda's two retries.
    const invoked = withAsyncInvokeRetries(pacer, (error) => emit("Cleanup", "rollback", `cleanup failed, Lambda retries the async invocation: ${error.message}`), () => asFunction("cleanup", () => cleanup({
      detail: {
        executionArn: localExecutionArn(name),
        stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:glidepath",
        name,
        status: result.status,
        input: JSON.stringify(input),
        error: result.status === "FAILED" ? result.error : null,
        cause: result.status === "FAILED" ? result.cause : (result.cause ?? null),
      },
    })));
    const outcome = await invoked.catch((error: Error) => {
      // Out of retries: on AWS the event is dropped and the reconciler is the next safety net. The run goes on
      // (the execution's `done` never rejects).
      const reason = `cleanup gave up after Lambda's async retries, the event is dropped: ${error.message}`;
      emit("Cleanup", "rollback", reason);
      return { outcome: "failed" as const, reason };
    });
    if (outcome.outcome === "converged" && outcome.trafficChanged) emit("Cleanup", "rollback", outcome.reason);
    // A Task the stop did not reach runs on (its write lands after cleanup); the run is over once it has,
    // and the reconciler invoked after cleanup has run.
    cleanedUp();
    await Promise.all(lingering);
    await options.afterCleanup?.();
    return { execution: name, input, result, cleanup: outcome };
  }

  /**
   * A `.waitForTaskToken` Task's wait, in virtual time: it ends when someone sends SendTaskSuccess/Failure
   * (the circuit breaker, an operator, the scenario), when the execution is stopped, or with States.Timeout
   * at its TimeoutSeconds, as on AWS. The execution's timeline sleeps until one of them, so a resolution wakes
   * the wait at the virtual moment it is sent, and a day-long wait costs only the events that happen in it.
   */
  async function awaitToken(name: string, request: TokenWaitRequest, stopSignal: AbortSignal): Promise<TokenResolution> {
    const { deps, pacer } = options;
    const { step } = request.payload;
    const emit = (kind: RunEventKind, text: string) => options.onEvent?.({ t: deps.clock.now(), execution: name, state: request.state, kind, text });
    let resolution: TokenResolution | undefined;
    const answered = new AbortController();
    void options.executions().awaitToken(request.taskToken).then((answer) => {
      resolution = answer;
      answered.abort();
    });
    if (step?.kind === "approval") {
      emit("deploy", `Waiting up to ${formatDuration(request.timeoutSeconds)} for approval: ${step.question}`);
      options.approve?.(name, { taskToken: request.taskToken, payload: { deployment: request.payload.deployment, index: request.payload.index ?? 0, step } });
    }
    await pacer.sleep(request.timeoutSeconds, AbortSignal.any([answered.signal, stopSignal]));
    if (resolution) {
      const ended: TokenResolution = resolution;
      // A --full promote ends the wait with SkipToFullError: it goes forward, not back.
      const failed = ended.kind === "failure" && ended.error !== new SkipToFullError().name;
      const text = ended.kind === "failure" ? `${ended.error}: ${ended.cause}` : ((ended.output as { reason?: string } | null)?.reason ?? "resumed");
      emit(failed ? "rollback" : "deploy", `${step?.kind === "approval" ? (failed ? "Rejected" : "Approved") : failed ? "Wait failed" : step ? "Wait ended early" : "Wait ended"}: ${text}`);
      return resolution;
    }
    options.executions().expire(request.taskToken);
    if (stopSignal.aborted) return { kind: "failure", error: "States.Runtime", cause: "the execution was stopped while it waited" };
    if (step?.kind === "approval") emit("rollback", `No decision within ${formatDuration(request.timeoutSeconds)}: the approval step fails with States.Timeout`);
    return { kind: "failure", error: "States.Timeout", cause: `No resolution within ${formatDuration(request.timeoutSeconds)}` };
  }
}

/**
 * Waits of the out-of-band handlers (cleanup's and the circuit breaker's Route 53 backoff) on the virtual
 * clock. Fixed jitter: one client per zone here, and a seeded run stays reproducible.
 */
export function virtualBackoff(pacer: Pacer): Required<BackoffDeps> {
  return {
    sleep: (ms) => pacer.sleep(ms / 1000),
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
      await pacer.sleep(delay);
    }
  }
  return invoke();
}
