// Runs the real state machine definition locally with aws-local-stepfunctions, binding every Task state to
// the real handler code with the given deps. Waits and retry intervals are overridden to 0; a runner moves
// its virtual clock from `onWait` (fed by the run's StateEntered events) instead.
import "./polyfills.ts";
import { ExecutionError, StateMachine } from "aws-local-stepfunctions";
import type { TaskArns } from "../functions/catalog.ts";
import type { TaskDeps } from "../functions/task-support/deps.ts";
import { TASK_FACTORIES } from "../functions/task-support/registry.ts";
import { asFunction } from "./sandbox/function-scope.ts";
import type { PlanStep } from "../functions/core/model.ts";
import { allStates, taskStates, type AslState, type StateMachineDefinition } from "../stacks/definition.ts";
import { readPath, waitDuration } from "./wait-duration.ts";

type Execution = ReturnType<StateMachine["run"]>;
type ExecutionEvent = Execution["eventLogs"] extends AsyncGenerator<infer E> ? E : never;
type Json = Parameters<StateMachine["run"]>[0];

/** A `.waitForTaskToken` Task whose Lambda has run: the wait that SendTaskSuccess/Failure or its timeout ends. */
export interface TokenWaitRequest {
  state: string;
  /** Unique per wait, as on AWS (a Task that runs again gets a new token). */
  taskToken: string;
  /** The Task's TimeoutSeconds, fixed or read from its TimeoutSecondsPath. */
  timeoutSeconds: number;
  /** A bake's or an approval's step; the image wait has none. */
  payload: { deployment?: unknown; step?: PlanStep; index?: number; final?: boolean };
}

/** An approval step waiting for a decision (what Request approval was called with). */
export interface ApprovalRequest {
  taskToken: string;
  payload: { deployment: unknown; step: Extract<PlanStep, { kind: "approval" }>; index: number };
}

/** How a wait ended: SendTaskSuccess's output, or SendTaskFailure's error and cause (States.Timeout included). */
export type TokenResolution = { kind: "success"; output: unknown } | { kind: "failure"; error: string; cause: string };

export interface ExecuteOptions {
  /** Build once per process (validation costs up to 0.7 s): `localStateMachine(definition)`. */
  stateMachine: StateMachine;
  definition: StateMachineDefinition;
  arns: TaskArns;
  deps: TaskDeps;
  input: unknown;
  /** The execution name: the deployment id and lease owner (`$$.Execution.Name`). */
  executionName: string;
  /**
   * Ends each task-token wait (after its Lambda ran). Default: nobody resolves it, so it times out at once
   * on the virtual clock (`onWait` is told the wait's length) with States.Timeout, as an unanswered wait does.
   */
  resolveToken?: (request: TokenWaitRequest) => Promise<TokenResolution>;
  /**
   * A callback Task's token is valid from the moment its Task starts, before its Lambda has run, as on AWS:
   * the Lambda itself, or an event it set off, may resolve it before it returns. `issue` is told when a token
   * is handed out, `revoke` when its Lambda failed and the wait never began.
   */
  tokens?: { issue: (taskToken: string) => void; revoke: (taskToken: string) => void };
  /** Every event of the run, in order, as it happens. */
  onEvent?: (event: ExecutionEvent) => void;
  /** A Wait state was entered: advance a virtual clock by `seconds` here (the real wait is overridden to 0). */
  onWait?: (wait: { state: string; seconds: number }) => void;
  /** Awaited before each Task (named `state`) runs: the sandbox's runner sleeps the execution's Waits here, on its timeline. */
  beforeTask?: (state: string) => Promise<void>;
  /**
   * Wraps each Task's handler (a callback Task's Lambda, not its wait): a runner may inject what happens around the Lambda itself
   * (a stop landing while it runs, a timeout). `deps` is what the handler must be built with.
   */
  aroundTask?: (state: string, invoke: (deps: TaskDeps) => Promise<unknown>) => Promise<unknown>;
  /** What each Task's handler returned (before ResultPath merges it into the state; a callback Task's Lambda, not its wait). */
  onTaskResult?: (state: string, output: unknown) => void;
  /** Stop the execution when it enters this state, as StopExecution would: no Catch runs. */
  stopAtState?: string;
  /** StopExecution from outside (a superseding push): aborted with its reason as the cause, no Catch runs. */
  stopSignal?: AbortSignal;
}

/**
 * What the run cost, counted from what it did: state transitions as Step Functions bills them (every state
 * entered, Map iterations' states included, and every retry), Lambda invocations (retries included), and the
 * virtual time from its start to its end.
 */
export interface ExecutionStats {
  transitions: number;
  lambdaInvocations: number;
  virtualSeconds: number;
}

export type ExecutionResult = (
  | { status: "SUCCEEDED"; output: unknown }
  | { status: "FAILED"; error: string; cause: string }
  | { status: "ABORTED"; stoppedAt: string; cause?: string }
) & { events: ExecutionEvent[]; stats: ExecutionStats };

/**
 * A validated local state machine for a definition. One adaptation for the library: it resolves a Task's
 * TimeoutSecondsPath against the Parameters output ({FunctionName, Payload}), where AWS resolves it against
 * the state input, so a callback Task's path is pointed at where its value lands in the Payload.
 */
export function localStateMachine(definition: StateMachineDefinition): StateMachine {
  const local = structuredClone(definition);
  for (const { state } of allStates(local)) {
    const path = localTimeoutPath(state);
    if (path) state.TimeoutSecondsPath = path;
  }
  return new StateMachine(local as ConstructorParameters<typeof StateMachine>[0]);
}

/**
 * Where a callback Task's TimeoutSecondsPath value sits in its Parameters output: the Payload field whose
 * path is a prefix of it. Example: `$.step.seconds` with Payload `{"step.$": "$.step"}` → `$.Payload.step.seconds`;
 * `$.slots.plan.finalBakeSeconds` with Payload `{step: {"seconds.$": "$.slots.plan.finalBakeSeconds"}}` →
 * `$.Payload.step.seconds`.
 */
function localTimeoutPath(state: AslState): string | undefined {
  const path = state.TimeoutSecondsPath;
  if (state.Type !== "Task" || typeof path !== "string" || !String(state.Resource).endsWith(".waitForTaskToken")) return undefined;
  const find = (template: unknown, at: string): string | undefined => {
    if (template === null || typeof template !== "object") return undefined;
    for (const [key, value] of Object.entries(template)) {
      if (key.endsWith(".$") && typeof value === "string" && (path === value || path.startsWith(`${value}.`))) return `${at}.${key.slice(0, -2)}${path.slice(value.length)}`;
      const nested = find(value, `${at}.${key}`);
      if (nested) return nested;
    }
    return undefined;
  };
  const found = find((state.Parameters as { Payload?: unknown } | undefined)?.Payload, "$.Payload");
  if (!found) throw new Error(`Callback Task's TimeoutSecondsPath ${path} is not in its Payload: the local runner cannot time it`);
  return found;
}

/**
 * Runs one execution to its end. Each Task handler first yields a macrotask, so every event dispatched
 * before it (the StateEntered of a Wait, even with its wait overridden to 0) reaches `onEvent`/`onWait`
 * before the Task reads the clock.
 */
export async function executeDefinition(options: ExecuteOptions): Promise<ExecutionResult> {
  const { definition, arns, deps } = options;
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  let stoppedAt: string | undefined;
  // A Wait whose duration AWS could not resolve: the execution fails with States.Runtime, past every Catch.
  let runtimeError: string | undefined;
  // aws-local-stepfunctions 3 keeps starting a Map's queued iterations after one has failed (it aborts only
  // the running ones). On AWS a failed iteration fails the Map and no further iteration starts, so Tasks of
  // a Map that has failed must not run: they would shift traffic after the Map's Catch began rolling back.
  const enclosingMap = new Map(allStates(definition).map(({ name, inMap }) => [name, inMap]));
  const failedMaps = new Set<string>();
  // Callback Tasks' TimeoutSecondsPath, as localStateMachine points it into the Payload.
  const timeoutPaths = new Map(allStates(definition).flatMap(({ name, state }) => {
    const path = localTimeoutPath(state);
    return path ? [[name, path] as const] : [];
  }));
  // A callback Task with a fixed TimeoutSeconds (the image wait's fallback) has no path to read.
  const allStatesByName = new Map(allStates(definition).map(({ name, state }) => [name, state]));
  let tokens = 0;
  let lambdaInvocations = 0;
  const timedOut = (request: TokenWaitRequest): TokenResolution => {
    options.onWait?.({ state: request.state, seconds: request.timeoutSeconds });
    return { kind: "failure", error: "States.Timeout", cause: `No one resolved the wait within ${request.timeoutSeconds}s` };
  };
  for (const { state, task, callback } of taskStates(arns, definition)) {
    const run = TASK_FACTORIES[task](deps);
    // Runs as the Task's own Lambda function, so the sandbox can record the calls each function makes.
    const invoke = (input: Json) => {
      lambdaInvocations++;
      return asFunction(task, () => (options.aroundTask ? options.aroundTask(state, (own) => (own === deps ? run : TASK_FACTORIES[task](own))(input)) : run(input)));
    };
    handlers[state] = async (input) => {
      await new Promise((resolve) => setImmediate(resolve));
      await options.beforeTask?.(state);
      // The stop arrived before the Lambda was invoked: the Task never runs.
      if (stoppedAt !== undefined) throw new Error(`execution stopped at ${stoppedAt}`);
      if (runtimeError !== undefined) throw new Error(`execution failed: ${runtimeError}`);
      const map = enclosingMap.get(state);
      if (map && failedMaps.has(map)) throw new Error(`${map} already failed: iteration not started`);
      if (!callback) {
        const output = await invoke(input);
        options.onTaskResult?.(state, output);
        return output as Json;
      }
      // `.waitForTaskToken`: the library passes the Parameters ({FunctionName, Payload}) and one token for
      // the whole run; each wait gets its own here, as on AWS. The state's result is what SendTaskSuccess sent.
      const taskToken = `local-token-${options.executionName}-${++tokens}`;
      const payload = { ...(input as { Payload: TokenWaitRequest["payload"] }).Payload, taskToken };
      options.tokens?.issue(taskToken);
      let started: unknown;
      try {
        started = await invoke(payload as unknown as Json);
      } catch (error) {
        options.tokens?.revoke(taskToken);
        throw error;
      }
      options.onTaskResult?.(state, started);
      const fixed = allStatesByName.get(state)?.TimeoutSeconds;
      const timeoutSeconds = typeof fixed === "number" ? fixed : Number(readPath(timeoutPaths.get(state) ?? "", input));
      const request: TokenWaitRequest = { state, taskToken, timeoutSeconds: Number.isFinite(timeoutSeconds) ? timeoutSeconds : 0, payload };
      const resolution = options.resolveToken ? await options.resolveToken(request) : timedOut(request);
      if (resolution.kind === "failure") throw Object.assign(new Error(resolution.cause), { name: resolution.error });
      return resolution.output as Json;
    };
  }
  const waits = new Map(allStates(definition).flatMap(({ name, state }) => (state.Type === "Wait" ? [[name, state] as const] : [])));
  const zeroes = (names: string[]) => Object.fromEntries(names.map((name) => [name, 0]));
  const retryable = allStates(definition).filter(({ state }) => state.Retry).map(({ name }) => name);

  const startedAt = options.deps.clock.now();
  const execution = options.stateMachine.run(options.input as Json, {
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: zeroes([...waits.keys()]),
      retryIntervalOverrides: zeroes(retryable),
    },
    context: {
      Execution: {
        Id: `arn:aws:states:local:000000000000:execution:glidepath:${options.executionName}`,
        Name: options.executionName,
        Input: options.input,
        StartTime: new Date(options.deps.clock.now()).toISOString(),
      },
      Task: { Token: `local-token-${options.executionName}` },
    } as unknown as NonNullable<Parameters<StateMachine["run"]>[1]>["context"],
  });

  const events: ExecutionEvent[] = [];
  let current = "";
  let stopCause: string | undefined;
  const stopNow = () => {
    if (stoppedAt !== undefined) return;
    stoppedAt = current;
    stopCause = String(options.stopSignal?.reason ?? "");
    execution.abort();
  };
  if (options.stopSignal?.aborted) stopNow();
  options.stopSignal?.addEventListener("abort", stopNow, { once: true });
  const consumed = (async () => {
    for await (const event of execution.eventLogs) {
      // The library's Waits take no time, so it may run a few side-effect-free states (Pass, Choice) past a
      // Wait that failed before the abort lands: on AWS the execution ended at that Wait.
      if (runtimeError !== undefined) continue;
      events.push(event);
      if (event.type === "StateEntered") current = event.state.name;
      options.onEvent?.(event);
      if (event.type === "MapIterationFailed") failedMaps.add(event.parentState.name);
      if (event.type === "StateEntered" && event.state.type === "Map") failedMaps.delete(event.state.name);
      if (event.type === "StateEntered" && event.state.name === options.stopAtState && stoppedAt === undefined) {
        stoppedAt = event.state.name;
        execution.abort();
      }
      if (event.type === "StateEntered" && event.state.type === "Wait") {
        const wait = waits.get(event.state.name);
        const duration = wait ? waitDuration(event.state.name, wait, event.state.input, options.deps.clock.now()) : { seconds: 0 };
        if ("seconds" in duration) options.onWait?.({ state: event.state.name, seconds: duration.seconds });
        else if (runtimeError === undefined && stoppedAt === undefined) {
          runtimeError = duration.runtimeError;
          execution.abort();
        }
      }
    }
  })();

  const statsOf = (): ExecutionStats => ({
    transitions: events.filter((event) => event.type === "StateEntered" || event.type === "StateRetried").length,
    lambdaInvocations,
    virtualSeconds: (options.deps.clock.now() - startedAt) / 1000,
  });
  const failedAtRuntime = () => ({ status: "FAILED" as const, error: "States.Runtime", cause: runtimeError ?? "", events, stats: statsOf() });
  try {
    const output = await execution.result;
    await consumed;
    // A Wait at the end of a branch may fail after the library has already finished the run.
    if (runtimeError !== undefined) return failedAtRuntime();
    return { status: "SUCCEEDED", output, events, stats: statsOf() };
  } catch (error) {
    await consumed;
    if (runtimeError !== undefined) return failedAtRuntime();
    if (stoppedAt !== undefined) return { status: "ABORTED", stoppedAt, ...(stopCause ? { cause: stopCause } : {}), events, stats: statsOf() };
    if (error instanceof ExecutionError && error.cause instanceof Error)
      return { status: "FAILED", error: error.cause.name, cause: error.cause.message, events, stats: statsOf() };
    throw error;
  }
}
