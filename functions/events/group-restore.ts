// Undoing a stopped one-group release whose instance refresh finished before anything could roll it back: a
// new refresh back to the live release's launch template version (the reconciler's sweep; Auto Scaling keeps
// no rollback for a finished refresh, but "you can update your Auto Scaling group again by starting a new
// instance refresh").
import type { Fleet } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import type { GroupRefreshRollback } from "./group-refresh.ts";

/**
 * When `rolledBack` found the deployment's own refresh finished (taken at `since`), starts a refresh back to
 * the version of the group's newest refresh that ended Successful before `since`, the live release's, and says
 * so; otherwise returns `rolledBack` as it is.
 * Example: → "instance refresh r-2 of shop-api ended Successful before it could be rolled back (…): started
 *   instance refresh r-3 back to launch template version 7, the live release's, launching each replacement before terminating (MinHealthyPercentage 100)".
 */
export async function restoreLiveVersion(fleets: { autoscaling: Fleet; codedeploy: Fleet }, config: Config, since: number, rolledBack: GroupRefreshRollback): Promise<GroupRefreshRollback> {
  const group = config.fleet.group?.name;
  if (!rolledBack.finished || !group) return rolledBack;
  const restore = await fleetFor({ fleets }, config.fleet).restoreRefresh(group, since);
  const ended = rolledBack.reason;
  if (!restore) return { changed: false, reason: `${ended}, and no earlier Successful refresh names the live release's launch template version: ${group} keeps the stopped release until the next one replaces it` };
  if (restore.outcome === "busy") return { changed: false, reason: `${ended}; instance refresh ${restore.refreshId} (${restore.status}) now runs on ${group} and is left alone` };
  return {
    changed: true,
    reason: `${ended}: started instance refresh ${restore.refreshId} back to launch template version ${restore.version ?? "?"}, the live release's, launching each replacement before terminating (MinHealthyPercentage 100)`,
  };
}
