// "Wait for approval" (a .waitForTaskToken Task): records the task token on the deployment so an operator
// (CLI or console) can send the decision. The state's result is the decision, not this function's output.
import * as z from "zod";
import { InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { iso, stepInput } from "../task-support/inputs.ts";

export const requestApprovalInput = stepInput.extend({ taskToken: z.string().min(1) });
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
    const { app, env, deploymentId } = deployment;
    const reason = `Waiting up to ${step.timeoutSeconds}s for approval: ${step.question}`;
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "approval", reason, startedAt: iso(clock.now()), taskToken });
    return { reason };
  };
}

export const task = defineTask(makeRequestApproval, requestApprovalInput);
