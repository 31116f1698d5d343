// The safe state of a one-group fleet whose deployment ended outside the state machine's rollback path
// (StopExecution, a timeout, a failure cleanup or the reconciler sweeps): the instance refresh it started is
// rolled back, so the group runs the live release again. Auto Scaling's own AutoRollback follows only the
// watched alarms, and a healthy refresh of a stopped release would otherwise run on to 100%.
import type { Fleet } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { fleetFor } from "../task-support/fleet-of.ts";

export interface GroupRefreshRollback {
  /** The refresh rollback was asked for now (Auto Scaling still has to replace the new instances). */
  changed: boolean;
  reason: string;
}

/**
 * Rolls back the instance refresh running on `config`'s one group. Call it only for the deployment that held
 * the lease (a refresh running under it is that deployment's: Replace instances refuses to start beside
 * another), and only before that deployment went live. Null for a fleet of two slots.
 * Example: a rolling release stopped at its 25% checkpoint → "rolling instance refresh r-1 of shop-api back (25% …)".
 */
export async function rollBackGroupRefresh(fleets: { autoscaling: Fleet; codedeploy: Fleet }, config: Config): Promise<GroupRefreshRollback | null> {
  const group = config.fleet.group?.name;
  if (!group) return null;
  const view = await fleetFor({ fleets }, config.fleet).rollBackRefresh(group);
  if (!view) return { changed: false, reason: `no instance refresh of ${group} to roll back` };
  if (view.status === "RollbackInProgress" || view.status === "Cancelling")
    return { changed: true, reason: `rolling instance refresh ${view.refreshId} of ${group} back (${view.percentageComplete}% still on the new version)` };
  if (view.status === "RollbackSuccessful") return { changed: true, reason: `rolled instance refresh ${view.refreshId} of ${group} back: every instance runs the previous version` };
  return { changed: false, reason: `instance refresh ${view.refreshId} of ${group} ended ${view.status}, so there was nothing to roll back${view.statusReason ? ` (${view.statusReason})` : ""}` };
}
