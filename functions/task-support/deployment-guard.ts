// Checks made before a Task moves or judges traffic: no control signal has ended this deployment (a shift
// after the circuit breaker's revert would undo it; one after a supersede or abort would outlive the stop),
// and this execution still holds the lease (so it cannot write over a deployment that took the lease after
// ours expired). Keeps the lease from expiring under a long rollout.
//
// Checking before a write is not enough: StopExecution does not stop a Lambda already running, so a stop
// (and the cleanup that follows it) can land between the check and the write. A Task that changes traffic
// therefore checks again after writing (`confirmStillHeld`) and takes its own write back if it lost.
import type { LeaseGrant } from "../adapters/ports.ts";
import { describeControl } from "../core/control.ts";
import type { ControlSignal, DeploymentRecord } from "../core/model.ts";
import { AlarmTriggeredError, DeploymentStoppedError, StaleLeaseError } from "../errors.ts";
import type { TaskDeps } from "./deps.ts";
import { renewLease } from "./lease-renewal.ts";

export interface GuardedDeployment {
  app: string;
  env: string;
  deploymentId: string;
  fencingToken: number;
  renewForSeconds?: number;
}

/** The error a Task fails with once `control` stands: a breaker trip is an alarm, any other signal a stop. */
export const errorOfControl = (control: ControlSignal): Error =>
  control.kind === "circuitBreaker" ? new AlarmTriggeredError(describeControl(control)) : new DeploymentStoppedError(describeControl(control));

/**
 * Why this deployment may no longer change anything, as the error to fail with (null while it still may),
 * and the lease as it was read for that (undefined when the ledger already answered).
 */
async function lostDeployment({ adapters }: TaskDeps, { app, env, deploymentId, fencingToken }: GuardedDeployment): Promise<{ lost: Error | null; grant?: LeaseGrant | null; record?: DeploymentRecord | null }> {
  const record = await adapters.ledger.getDeployment(app, env, deploymentId);
  const control = record?.control;
  if (control) return { lost: errorOfControl(control) };
  if (record && record.outcome !== "in_progress")
    return { lost: new DeploymentStoppedError(`${deploymentId} already ended (${record.outcome}: ${record.reason ?? "no reason recorded"}); it changes nothing more`) };
  const grant = await adapters.lease.read(app, env);
  if (grant && (grant.owner !== deploymentId || grant.fencingToken !== fencingToken))
    return { grant, lost: new StaleLeaseError(`${deploymentId} lost the lease of ${app}/${env} to ${grant.owner} (token ${grant.fencingToken}${grant.acquiredAt ? `, taken at ${new Date(grant.acquiredAt).toISOString()}` : ""}); it changes nothing more`) };
  if (!grant) return { grant, lost: new StaleLeaseError(`${deploymentId} no longer holds the lease of ${app}/${env}: it was released (by cleanup or the reconciler); it changes nothing more`) };
  return { grant, record, lost: null };
}

/**
 * Throws when the deployment may no longer change anything, else renews its lease. Returns the deployment's
 * record as the check read it (null if the ledger has none), so a Task that needs it does not read it again.
 */
export async function guardDeployment(deps: TaskDeps, deployment: GuardedDeployment): Promise<DeploymentRecord | null> {
  const { lost, grant, record } = await lostDeployment(deps, deployment);
  if (lost) throw lost;
  const { app, env, deploymentId, fencingToken, renewForSeconds } = deployment;
  // The lease just read for the check is the one to renew from: one read per invocation, not two.
  await renewLease(deps, { app, env, deploymentId, fencingToken, ...(renewForSeconds ? { renewForSeconds } : {}) }, grant);
  return record ?? null;
}

/**
 * After a write: throws (with `lostDeployment`'s error) when the deployment lost the lease or was stopped
 * while the write was under way, once `takeBack` has undone the write.
 * Example: a stop lands during "Shift traffic", cleanup restores b=100 and releases the lease, then the
 * shift writes a=10 b=90: `confirmStillHeld` finds no lease, takes the write back to a=0 b=100 and throws
 * StaleLeaseError.
 */
export async function confirmStillHeld(deps: TaskDeps, deployment: GuardedDeployment, takeBack: () => Promise<string>): Promise<void> {
  const { lost } = await lostDeployment(deps, deployment);
  if (!lost) return;
  // Taking back is best effort (Route 53 may refuse while the write is still PENDING): the reconciler puts
  // traffic back on the live slot within one period whatever happens here.
  const undone = await takeBack().catch((error: Error) => `could not take the write back (${error.name}: ${error.message}); the reconciler restores the live slot`);
  lost.message = `${lost.message}; ${undone}`;
  throw lost;
}
