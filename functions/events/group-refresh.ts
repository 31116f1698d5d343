// The safe state of a one-group fleet whose deployment ended outside the state machine's rollback path
// (StopExecution, a timeout, a failure cleanup or the reconciler sweeps): the instance refresh it started is
// rolled back, so the group runs the live release again. Auto Scaling's own AutoRollback follows only the
// watched alarms, and a healthy refresh of a stopped release would otherwise run on to 100%.
import type { Fleet } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { describeRefreshRollback, type RefreshRollback } from "../task-support/refresh-rollback.ts";

export type GroupRefreshRollback = RefreshRollback;

/**
 * Rolls back the instance refresh running on `config`'s one group. Call it only for the deployment that held
 * the lease (a refresh running under it is that deployment's: Replace instances refuses to start beside
 * another), and only before that deployment went live. Null for a fleet of two slots.
 * Example: a rolling release stopped at its 25% checkpoint → "rolling instance refresh r-1 of shop-api back (25% …)".
 */
export async function rollBackGroupRefresh(fleets: { autoscaling: Fleet; codedeploy: Fleet }, config: Config): Promise<GroupRefreshRollback | null> {
  const group = config.fleet.group?.name;
  if (!group) return null;
  return describeRefreshRollback(group, await fleetFor({ fleets }, config.fleet).rollBackRefresh(group));
}
