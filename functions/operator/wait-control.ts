// An operator taking control of a deployment through the wait it is in (the task token its bake, final bake
// or approval recorded in the ledger): `promoteWait` ends the wait now as passed (SendTaskSuccess), so the
// execution moves on to its next step. Aborting is not a wait's business: `glidepath abort` stops the
// execution (abort.ts), whichever state it is in.
import { awsErrorName } from "../adapters/errors.ts";
import type { Clock, Executions, Ledger } from "../adapters/ports.ts";
import { pendingWait, TOKEN_NO_LONGER_WAITING, type PendingWait } from "../core/pending-wait.ts";
import { SkipToFullError } from "../errors.ts";
import { deploymentInProgress, lastStepText, type DeploymentRef } from "./deployment-in-progress.ts";

export interface WaitControlPorts {
  ledger: Pick<Ledger, "getDeployment" | "listDeployments" | "appendStep">;
  executions: Pick<Executions, "sendTaskSuccess" | "sendTaskFailure">;
  clock: Clock;
}

export interface OperatorRequest extends DeploymentRef {
  reason: string;
  /** Who asks (the operator's user name), recorded with the reason. */
  by: string;
}

export interface PromoteRequest extends OperatorRequest {
  /** Skip every remaining Rollout step to 100% (the final bake still runs), not only this wait. */
  full?: boolean;
}

export class NoWaitPendingError extends Error {
  override name = "NoWaitPendingError";
}

export interface WaitEnded {
  app: string;
  env: string;
  deploymentId: string;
  commit: string;
  /** Which wait was ended: `bake`, `finalBake` or `approval`. */
  wait: PendingWait["kind"];
  /** True when the remaining Rollout steps are skipped to 100% (`full` during a Rollout wait). */
  full: boolean;
  reason: string;
}

const WAIT_NAMES: Record<string, string> = { bake: "bake", finalBake: "final bake", approval: "approval" };

/**
 * Ends the wait the deployment is in as passed: the rest of this bake is skipped (an approval is approved).
 * With `full` during a Rollout step, the wait fails with SkipToFullError instead, which the Rollout's Catch
 * turns into one shift to 100%; during the final bake `full` is the same as a plain promote.
 * Example: shop-api/prod bakes its 25% step (token `t`) → `sendTaskSuccess("t", { approved: true, reason })`,
 * a ledger step "Promoted by alice: …", and the execution shifts to the next step.
 */
export async function promoteWait(ports: WaitControlPorts, request: PromoteRequest): Promise<WaitEnded> {
  const deployment = await deploymentInProgress(ports.ledger, request);
  const wait = pendingWait(deployment);
  if (!wait) throw new NoWaitPendingError(`${deployment.deploymentId} is in progress but not in a bake or approval wait${lastStepText(deployment)}`);
  const full = request.full === true && wait.kind !== "finalBake";
  const skipped = full ? "the remaining steps are skipped: one shift to 100%, then the final bake" : `the rest of this ${WAIT_NAMES[wait.kind] ?? wait.kind} is skipped`;
  const reason = `Promoted by ${request.by}: ${request.reason}; ${skipped}`;
  try {
    if (full) await ports.executions.sendTaskFailure(wait.taskToken, new SkipToFullError().name, reason);
    else await ports.executions.sendTaskSuccess(wait.taskToken, { approved: true, reason });
  } catch (error) {
    throw notWaiting(error, deployment.deploymentId, wait) ?? error;
  }
  const at = new Date(ports.clock.now()).toISOString();
  await ports.ledger.appendStep(request.app, request.env, deployment.deploymentId, { index: wait.index, kind: wait.kind, reason, startedAt: at, endedAt: at });
  return { app: request.app, env: request.env, deploymentId: deployment.deploymentId, commit: deployment.commit, wait: wait.kind, full, reason };
}

/** Step Functions' answer for a token whose Task has ended, as an error saying so; null for any other error. */
function notWaiting(error: unknown, deploymentId: string, wait: PendingWait): NoWaitPendingError | null {
  const name = awsErrorName(error);
  if (!name || !TOKEN_NO_LONGER_WAITING.has(name)) return null;
  return new NoWaitPendingError(`the ${WAIT_NAMES[wait.kind] ?? wait.kind} wait of ${deploymentId} has already ended (${name}): it is between steps now; try again once its next wait starts`);
}
