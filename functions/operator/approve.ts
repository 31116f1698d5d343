// `glidepath approve`: finds the approval step a deployment is waiting on (its task token is in the ledger,
// written by request-approval) and sends the operator's decision, which resumes or fails the execution.
import type { Executions, Ledger } from "../adapters/ports.ts";
import { awsErrorName } from "../adapters/errors.ts";
import { ApprovalRejectedError } from "../errors.ts";
import type { DeploymentRecord, StepRecord } from "../core/model.ts";
import { TOKEN_NO_LONGER_WAITING } from "../core/pending-wait.ts";
import { deploymentInProgress, lastStepText, NoDeploymentInProgressError } from "./deployment-in-progress.ts";

export interface ApprovalDecisionRequest {
  app: string;
  env: string;
  /** The execution (= deployment id) to answer, by name or ARN; the app/env's newest deployment when absent. */
  execution?: string;
  approved: boolean;
  reason: string;
}

export interface ApprovalDecisionSent {
  app: string;
  env: string;
  deploymentId: string;
  commit: string;
  question: string;
  approved: boolean;
  reason: string;
}

export { NoDeploymentInProgressError };
export class NoApprovalPendingError extends Error {
  override name = "NoApprovalPendingError";
}


/**
 * Sends an approve/reject decision to the deployment's pending approval step.
 * Example: shop-api/prod's newest deployment is in progress and its last approval step has token `t` and no
 * end → `executions.sendTaskSuccess("t", { approved: true, reason })`, and the execution shifts to 100%.
 */
export async function sendApprovalDecision(
  { ledger, executions }: { ledger: Ledger; executions: Pick<Executions, "sendTaskSuccess" | "sendTaskFailure"> },
  request: ApprovalDecisionRequest,
): Promise<ApprovalDecisionSent> {
  const { app, env } = request;
  const deployment = await deploymentInProgress(ledger, request);
  const step = pendingApproval(deployment);
  if (!step)
    throw new NoApprovalPendingError(`${deployment.deploymentId} is in progress but not waiting for an approval${lastStepText(deployment)}`);
  try {
    // Approval resumes the step with the decision as its result; a rejection fails it, and the name routes it.
    if (request.approved) await executions.sendTaskSuccess(step.taskToken, { approved: true, reason: request.reason });
    else {
      const rejected = new ApprovalRejectedError(request.reason);
      await executions.sendTaskFailure(step.taskToken, rejected.name, rejected.message);
    }
  } catch (error) {
    const name = awsErrorName(error);
    if (name && TOKEN_NO_LONGER_WAITING.has(name))
      throw new NoApprovalPendingError(`the approval step of ${deployment.deploymentId} is no longer waiting: it was decided or timed out (${name})`);
    throw error;
  }
  return { app, env, deploymentId: deployment.deploymentId, commit: deployment.commit, question: questionOf(deployment, step), approved: request.approved, reason: request.reason };
}

/** The last approval step that recorded a task token and has not ended. */
function pendingApproval(deployment: DeploymentRecord): (StepRecord & { taskToken: string }) | undefined {
  return deployment.steps.findLast((step): step is StepRecord & { taskToken: string } => step.kind === "approval" && !!step.taskToken && !step.endedAt);
}

function questionOf(deployment: DeploymentRecord, step: StepRecord): string {
  const planned = deployment.plan[step.index];
  return planned?.kind === "approval" ? planned.question : step.reason;
}
