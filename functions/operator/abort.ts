// `glidepath abort`: stops the deployment in progress. StopExecution runs no Catch, so cleanup (the execution's
// ABORTED event) puts all traffic back on the live slot and releases the lease; the reconciler then drains the
// new fleet (INSYNC, then one TTL) and scales it down. The operator and their reason are the deployment's
// control signal, so its outcome names them (I3).
import type { Executions, Ledger } from "../adapters/ports.ts";
import type { ControlSignal, DeploymentRecord } from "../core/model.ts";
import { describeControl } from "../core/control.ts";
import { NoDeploymentInProgressError } from "./approve.ts";

export interface AbortRequest {
  app: string;
  env: string;
  by: string;
  reason: string;
}

export interface AbortResult {
  app: string;
  env: string;
  deploymentId: string;
  commit: string;
  /** `stopped`; `not_found` when Step Functions has no such execution; `already stopping` when another signal ended it first. */
  execution: "stopped" | "not_found" | "already stopping";
  /** The control signal that stands on the deployment: this abort's, or an earlier one (a breaker trip). */
  control: ControlSignal;
  /** The slot traffic goes back to, and the one that is drained and scaled down. */
  liveSlot: string;
  drainingSlot: string;
  reason: string;
}

/** The deployment is promoted already (it waits out scaleDownDelay): aborting would undo nothing; roll back instead. */
export class AlreadyPromotedError extends Error {
  override name = "AlreadyPromotedError";
}

/**
 * Records the abort as the deployment's control signal, then stops its execution with a cause naming the
 * operator and reason. Signal first: cleanup, which runs as soon as the execution has stopped, then names the
 * operator in the outcome; and should the stop fail, the execution's next Task sees the signal and rolls back
 * by itself. When another signal stands already (the circuit breaker tripped, a newer push superseded it),
 * the deployment is already ending: nothing is stopped twice. An operator's abort standing already (a retry after
 * a failed StopExecution) sends StopExecution again.
 * Example: shop-api/prod's v2 at 10% → StopExecution(`shop-api-prod-v2…`, "Aborted by operator alice: wrong
 * build"); cleanup restores the live slot, and the record ends `failed`, "…aborted by operator alice: wrong build".
 */
export async function abortDeployment(deps: { ledger: Ledger; executions: Pick<Executions, "stop">; now: () => number }, request: AbortRequest): Promise<AbortResult> {
  const { app, env, by, reason } = request;
  const deployment = await deploymentInProgress(deps.ledger, app, env);
  const signal: ControlSignal = { kind: "operatorAbort", by, at: new Date(deps.now()).toISOString(), reason };
  const control = await deps.ledger.recordControl(app, env, deployment.deploymentId, signal);
  // An operator's abort standing already (an earlier try whose StopExecution failed) is stopped again:
  // StopExecution is idempotent, and without it the execution could wait out a bake or an approval.
  const ours = control.kind === signal.kind && (control.kind === "operatorAbort" || (control.by === signal.by && control.at === signal.at));
  const common = { app, env, deploymentId: deployment.deploymentId, commit: deployment.commit, control, liveSlot: deployment.fromSlot, drainingSlot: deployment.toSlot };
  if (!ours) return { ...common, execution: "already stopping", reason: `not stopped again: it is already ending, ${describeControl(control)}` };
  const cause = `Aborted by operator ${by}: ${reason}`;
  const { status } = await deps.executions.stop(deployment.deploymentId, cause);
  return { ...common, execution: status, reason: status === "stopped" ? cause : `${cause}; Step Functions has no such execution, so the reconciler restores the live slot` };
}

async function deploymentInProgress(ledger: Ledger, app: string, env: string): Promise<DeploymentRecord> {
  const [latest] = await ledger.listDeployments(app, env, 1);
  if (!latest) throw new NoDeploymentInProgressError(`no deployment of ${app}/${env} is in progress (the ledger has none)`);
  if (latest.outcome === "promoted")
    throw new AlreadyPromotedError(`no deployment of ${app}/${env} is in progress: the latest, ${latest.deploymentId}, is promoted (live); glidepath rollback --app ${app} --env ${env} puts the previous release back`);
  if (latest.outcome !== "in_progress")
    throw new NoDeploymentInProgressError(`no deployment of ${app}/${env} is in progress: the latest, ${latest.deploymentId}, ended ${latest.outcome}${latest.reason ? ` (${latest.reason})` : ""}`);
  return latest;
}
