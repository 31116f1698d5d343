// The task-token wait a deployment is in (a bake, a final bake or an approval), as its ledger record shows it:
// the Task that started the wait recorded its token on a step. The circuit breaker fails it, operators
// approve, reject, promote or abort it.
import type { DeploymentRecord, StepRecord } from "./model.ts";

export type PendingWait = StepRecord & { taskToken: string };

/**
 * The newest step that recorded a task token. Whether that wait is still open only Step Functions knows:
 * a token whose Task has ended is refused with one of `TOKEN_NO_LONGER_WAITING`.
 * Example: steps `[setWeight 10, bake (token t1, judged), setWeight 50, bake (token t2)]` → the step with `t2`.
 */
export function pendingWait(deployment: Pick<DeploymentRecord, "steps">): PendingWait | undefined {
  return deployment.steps.findLast((step): step is PendingWait => !!step.taskToken);
}

/** What SendTaskSuccess/SendTaskFailure answer for a token whose Task is no longer waiting (aws-facts.md). */
export const TOKEN_NO_LONGER_WAITING: ReadonlySet<string> = new Set(["TaskTimedOut", "TaskDoesNotExist", "InvalidToken"]);
