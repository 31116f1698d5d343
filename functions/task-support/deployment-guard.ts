// Checks made before a Task moves or judges traffic: no control signal has ended this deployment (a shift
// after the circuit breaker's revert would undo it; one after a supersede or abort would outlive the stop),
// and this execution still holds the lease (so it cannot write over a deployment that took the lease after
// ours expired). Keeps the lease from expiring under a long rollout.
import { describeControl } from "../core/control.ts";
import { AlarmTriggeredError, DeploymentStoppedError, StaleLeaseError } from "../errors.ts";
import type { TaskDeps } from "./deps.ts";

/** Renew when less than this is left, for this long: long bakes never outlive the lease. */
const RENEW_BELOW_MS = 60 * 60 * 1000;
const RENEW_FOR_SECONDS = 2 * 60 * 60;

export interface GuardedDeployment {
  app: string;
  env: string;
  deploymentId: string;
  fencingToken: number;
}

export async function guardDeployment({ adapters, clock }: TaskDeps, { app, env, deploymentId, fencingToken }: GuardedDeployment): Promise<void> {
  const record = await adapters.ledger.getDeployment(app, env, deploymentId);
  const control = record?.control;
  if (control) throw control.kind === "circuitBreaker" ? new AlarmTriggeredError(describeControl(control)) : new DeploymentStoppedError(describeControl(control));

  const grant = await adapters.lease.current(app, env);
  if (grant && (grant.owner !== deploymentId || grant.fencingToken !== fencingToken))
    throw new StaleLeaseError(`${deploymentId} lost the lease of ${app}/${env} to ${grant.owner} (token ${grant.fencingToken}); it changes nothing more`);
  // An expired lease nobody took is still ours to renew; renew refuses (StaleLeaseError) if someone did.
  if (!grant || grant.expiresAt - clock.now() < RENEW_BELOW_MS) await adapters.lease.renew(app, env, deploymentId, fencingToken, RENEW_FOR_SECONDS);
}
