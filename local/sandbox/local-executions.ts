// The Executions port in local mode, with StartExecution's naming rules: a name is taken for good once used;
// the same name with the same input while running returns the running execution (as AWS does); anything
// else with a used name is ExecutionAlreadyExists, which the port reports as `exists`. StopExecution aborts
// a running execution (no Catch runs); stopping one that has ended changes nothing. SendTaskSuccess and
// SendTaskFailure resolve the task-token wait a runner registered.
import type { Executions } from "../../functions/adapters/ports.ts";
import type { TokenResolution } from "../execute-definition.ts";

type LocalRunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

export interface LocalRun<R> {
  name: string;
  input: unknown;
  status: LocalRunStatus;
  /** When it ended (the clock the executions were given), once it has. */
  stoppedAt?: number;
  /** Settles when the execution ends; never rejects (the outcome is in the value). */
  done: Promise<R>;
  /** StopExecution: aborts the run with this cause. */
  abort: (cause: string) => void;
}

export type Launch<R> = (
  name: string,
  input: unknown,
) => { done: Promise<R>; statusOf: (result: R) => Exclude<LocalRunStatus, "RUNNING">; abort: (cause: string) => void };

const LOCAL_ARN_PREFIX = "arn:aws:states:us-east-1:000000000000:execution:glidepath";

/** The ARN StartExecution answers for a local execution named `name`. */
export const localExecutionArn = (name: string) => `${LOCAL_ARN_PREFIX}:${name}`;

export class LocalExecutions<R> implements Executions {
  readonly runs = new Map<string, LocalRun<R>>();
  private readonly waiting = new Map<string, (resolution: TokenResolution) => void>();
  /** Tokens handed out whose Lambda is still running, with the resolution sent meanwhile, if any. */
  private readonly issued = new Map<string, TokenResolution | undefined>();
  private readonly startObservers: Array<(run: LocalRun<R>) => void> = [];

  /** `now` dates each run's end, as DescribeExecution's stopDate does (the sandbox's virtual clock). */
  constructor(
    private readonly launch: Launch<R>,
    private readonly now: () => number = Date.now,
  ) {}

  async start({ name, input }: { name: string; input: unknown }) {
    const executionArn = localExecutionArn(name);
    const existing = this.runs.get(name);
    if (existing) {
      const sameInputWhileRunning = existing.status === "RUNNING" && JSON.stringify(existing.input) === JSON.stringify(input);
      return { status: sameInputWhileRunning ? ("started" as const) : ("exists" as const), executionArn };
    }
    const { done, statusOf, abort } = this.launch(name, input);
    const run: LocalRun<R> = { name, input, status: "RUNNING", done, abort };
    this.runs.set(name, run);
    void done.then((result) => {
      run.status = statusOf(result);
      run.stoppedAt = this.now();
    });
    for (const observer of this.startObservers) observer(run);
    return { status: "started" as const, executionArn };
  }

  /** Calls `observer` with every execution as it starts (its `done` tells when it and its cleanup end). */
  onStarted(observer: (run: LocalRun<R>) => void): void {
    this.startObservers.push(observer);
  }

  /** StopExecution by name or ARN: ExecutionDoesNotExist (`not_found`) for a name never started. */
  async stop(execution: string, cause: string): Promise<{ status: "stopped" | "not_found" }> {
    const run = this.runs.get(execution.startsWith("arn:") ? execution.slice(execution.lastIndexOf(":") + 1) : execution);
    if (!run) return { status: "not_found" };
    if (run.status === "RUNNING") run.abort(cause);
    return { status: "stopped" };
  }

  /** DescribeExecution by name or ARN: the run's status (RUNNING until it and its cleanup ended), not_found for a name never started. */
  async describe(execution: string): Promise<{ status: LocalRunStatus; stoppedAt?: number } | { status: "not_found" }> {
    const run = this.runs.get(execution.startsWith("arn:") ? execution.slice(execution.lastIndexOf(":") + 1) : execution);
    if (!run) return { status: "not_found" };
    return run.stoppedAt === undefined ? { status: run.status } : { status: run.status, stoppedAt: run.stoppedAt };
  }

  /**
   * A callback Task started and handed out `taskToken`: from now on Send* accepts it, though the wait begins
   * only once its Lambda has run (a resolution sent meanwhile is kept for `awaitToken`), as on AWS.
   */
  issueToken(taskToken: string): void {
    this.issued.set(taskToken, undefined);
  }

  /** Registers a task-token wait (the runner calls this when a `.waitForTaskToken` Task's Lambda has run). */
  awaitToken(taskToken: string): Promise<TokenResolution> {
    const early = this.issued.get(taskToken);
    this.issued.delete(taskToken);
    if (early) return Promise.resolve(early);
    return new Promise((resolve) => this.waiting.set(taskToken, resolve));
  }

  /** SendTaskSuccess: an unknown or already-resolved token is refused, as on AWS (TaskDoesNotExist). */
  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    this.resolve(taskToken, { kind: "success", output: structuredClone(output) });
  }

  /** SendTaskFailure: the waiting Task fails with `error` (its Catch routes on the name) and `cause`. */
  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    this.resolve(taskToken, { kind: "failure", error, cause });
  }

  /** The wait timed out (States.Timeout) or its execution stopped: a later Send* is refused (TaskTimedOut on AWS). */
  expire(taskToken: string): void {
    this.waiting.delete(taskToken);
    this.issued.delete(taskToken);
  }

  /** Task tokens of the waits open now. */
  pendingTokens(): string[] {
    return [...this.waiting.keys()];
  }

  private resolve(taskToken: string, resolution: TokenResolution): void {
    const answer = this.waiting.get(taskToken);
    // Resolved while its Lambda still runs: kept for the wait, which ends as soon as it begins.
    if (!answer && this.issued.has(taskToken) && this.issued.get(taskToken) === undefined) return void this.issued.set(taskToken, resolution);
    if (!answer) throw Object.assign(new Error(`Task token ${taskToken} is not waiting: its Task has ended or never started`), { name: "TaskDoesNotExist" });
    this.waiting.delete(taskToken);
    answer(resolution);
  }

  /** Resolves when every execution started so far (and any they lead to) has ended. */
  async settled(): Promise<void> {
    for (let pending = this.running(); pending.length > 0; pending = this.running()) await Promise.all(pending.map((run) => run.done));
  }

  private running(): LocalRun<R>[] {
    return [...this.runs.values()].filter((run) => run.status === "RUNNING");
  }
}
