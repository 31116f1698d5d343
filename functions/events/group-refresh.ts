// The safe state of a one-group fleet whose deployment ended outside the state machine's rollback path
// (StopExecution, a timeout, a failure cleanup or the reconciler sweeps): the instance refresh it started is
// rolled back, so the group runs the live release again. Auto Scaling's own AutoRollback follows only the
// watched alarms, and a healthy refresh of a stopped release would otherwise run on to 100%.
import type { Fleet, RefreshView } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { describeRefreshRollback, leftAlone, refreshOfTheReleaseBefore, type RefreshRollback } from "../task-support/refresh-rollback.ts";

export interface GroupRefreshRollback extends RefreshRollback {
  /**
   * The deployment's own refresh, when it had already ended Successful: Auto Scaling rolls back only a refresh
   * still running ("You can't roll it back after it's finished"), so only a new refresh undoes it (group-restore.ts).
   */
  finished?: RefreshView;
}

/**
 * Rolls back the instance refresh running on `config`'s one group for the deployment that held the lease and
 * took it at `since` (its record's startedAt), only before that deployment went live. A refresh that started
 * before `since` is the release before's (still Baking after its promotion) and is left alone. Null for a
 * fleet of two slots.
 * Example: a rolling release stopped at its 25% checkpoint → "rolling instance refresh r-1 of shop-api back (…)".
 */
export async function rollBackGroupRefresh(fleets: { autoscaling: Fleet; codedeploy: Fleet }, config: Config, since: number): Promise<GroupRefreshRollback | null> {
  const group = config.fleet.group?.name;
  if (!group) return null;
  const before = refreshOfTheReleaseBefore(await fleetFor({ fleets }, config.fleet).refreshStatus(group), since);
  if (before) return leftAlone(group, before);
  const view = await fleetFor({ fleets }, config.fleet).rollBackRefresh(group);
  if (view?.status === "Successful" && view.startedAt !== undefined && view.startedAt >= since)
    return { changed: false, finished: view, reason: `instance refresh ${view.refreshId} of ${group} ended Successful before it could be rolled back (Auto Scaling rolls back only a refresh still running)` };
  return describeRefreshRollback(group, view);
}
