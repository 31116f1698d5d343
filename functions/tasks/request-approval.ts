// "Wait for approval" (a .waitForTaskToken Task): records the task token on the deployment so an operator
// (CLI or console) can send the decision. The state's result is the decision, not this function's output.
import * as z from "../core/zod-mini.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";
import { renewLease } from "../task-support/lease-renewal.ts";
/** Room after the approval's timeout for the Tasks that follow it to renew again. */
const APPROVAL_SLACK_SECONDS = 30 * 60;

export const requestApprovalInput = z.extend(stepInput, { taskToken: z.string().check(z.minLength(1)) });
export type RequestApprovalInput = z.output<typeof requestApprovalInput>;
export interface RequestApprovalOutput {
  reason: string;
}

/** What an operator's decision resumes the state with (SendTaskSuccess output). */
export interface ApprovalDecision {
  approved: boolean;
  reason: string;
}

export function makeRequestApproval({ adapters, clock }: TaskDeps) {
  return async function requestApproval({ deployment, step, index, taskToken }: RequestApprovalInput): Promise<RequestApprovalOutput> {
    if (step.kind !== "approval") throw new InvalidTaskInputError(`Wait for approval got a ${step.kind} step`);
    const { app, env, deploymentId, fencingToken, renewForSeconds } = deployment;
    // Nothing renews the lease while a person decides: it must outlast the approval's timeout from here.
    await renewLease({ adapters, clock }, { app, env, deploymentId, fencingToken, renewForSeconds: Math.max(renewForSeconds ?? 0, step.timeoutSeconds + APPROVAL_SLACK_SECONDS) });
    const reason = `Waiting up to ${step.timeoutSeconds}s for approval: ${step.question}`;
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "approval", reason, startedAt: iso(clock.now()), taskToken });
    return { reason };
  };
}

export const task = defineTask(makeRequestApproval, requestApprovalInput);
