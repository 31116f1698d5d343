// The one shape every wait a person or an alarm can end takes: a `.waitForTaskToken` Task. Its Lambda records
// the token in the ledger and returns; the Task then waits, at one state transition however long, until
// SendTaskSuccess (approve, promote), SendTaskFailure (the circuit breaker, reject, abort) or its own
// TimeoutSeconds (States.Timeout: the bake's end, which a judge then reads).
import type { TaskId } from "../../functions/catalog.ts";
import type { AslState, Catcher } from "./asl.ts";
import { lambdaTask } from "./retry.ts";

/** Lambda's integration for callback tasks: invoke the function, then wait for the token. */
const WAIT_FOR_TASK_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken";

export interface TokenWaitOptions {
  /** What the function is invoked with; `taskToken` is added from the context object. */
  payload: Record<string, unknown>;
  /** Path into the state input to the wait's length in seconds (the bake's duration, the approval's timeout). */
  timeoutSecondsPath?: string;
  /** Or a fixed length in seconds (the image wait's fallback): exactly one of the two. */
  timeoutSeconds?: number;
  resultPath: string;
  next: string;
  catchers?: Catcher[];
  comment?: string;
}

/**
 * A Task that invokes `task`'s Lambda with the task token and waits for it to be resolved. It keeps the
 * Lambda retriers (they cover the invocation) and drops the Lambda-sized TimeoutSeconds: the wait's own
 * length is its timeout. No HeartbeatSeconds: nobody heartbeats a bake or a person deciding, and a lost
 * resolution is bounded by the timeout anyway.
 * Example: `tokenWaitTask("startBake", arn, { payload: {…}, timeoutSecondsPath: "$.step.seconds", … })` →
 *   `{ Type: "Task", Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken", TimeoutSecondsPath: "$.step.seconds", … }`.
 */
export function tokenWaitTask(task: TaskId, arn: string, options: TokenWaitOptions): AslState {
  const { TimeoutSeconds: _lambdaTimeout, ...base } = lambdaTask(task, arn, {
    parameters: { FunctionName: arn, Payload: { ...options.payload, "taskToken.$": "$$.Task.Token" } },
    resultPath: options.resultPath,
    next: options.next,
    ...(options.catchers ? { catchers: options.catchers } : {}),
    ...(options.comment ? { comment: options.comment } : {}),
  });
  const timeout = options.timeoutSecondsPath !== undefined ? { TimeoutSecondsPath: options.timeoutSecondsPath } : { TimeoutSeconds: options.timeoutSeconds };
  if ((options.timeoutSecondsPath === undefined) === (options.timeoutSeconds === undefined)) throw new Error(`${task}'s token wait needs exactly one of timeoutSecondsPath and timeoutSeconds`);
  return { ...base, Resource: WAIT_FOR_TASK_TOKEN, ...timeout };
}
