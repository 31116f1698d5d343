// What asking Auto Scaling to roll an instance refresh back came to, in words: shared by cleanup and the
// reconciler (a deployment that ended outside its rollback path) and by Replace instances (a refresh it
// started after its deployment was stopped).
import type { RefreshView } from "../adapters/ports.ts";

export interface RefreshRollback {
  /** The refresh is being (or has been) rolled back: Auto Scaling replaces, or replaced, the new instances. */
  changed: boolean;
  reason: string;
}

/**
 * `view` is the group's newest refresh after RollbackInstanceRefresh (null when it never had one). A rollback's
 * PercentageComplete counts the instances not yet put back, and "gradually goes back down to zero"
 * (API_InstanceRefresh): the reason says what Auto Scaling reports and which way it moves, true whenever read.
 * Example: a refresh stopped at 25% →
 *   "rolling instance refresh r-1 of shop-api back (Auto Scaling reports it 25% complete, a share that falls to 0% as instances return to the previous version)".
 */
export function describeRefreshRollback(group: string, view: RefreshView | null): RefreshRollback {
  if (!view) return { changed: false, reason: `no instance refresh of ${group} to roll back` };
  if (view.status === "RollbackInProgress")
    return { changed: true, reason: `rolling instance refresh ${view.refreshId} of ${group} back (${rollbackProgress(view.percentageComplete)})` };
  // Someone else's CancelInstanceRefresh: it stops the refresh and undoes nothing.
  if (view.status === "Cancelling")
    return { changed: true, reason: `instance refresh ${view.refreshId} of ${group} is being cancelled (Cancelling): it stops at ${view.percentageComplete}% complete and keeps the instances it replaced` };
  if (view.status === "RollbackSuccessful") return { changed: true, reason: `rolled instance refresh ${view.refreshId} of ${group} back: every instance runs the previous version` };
  return { changed: false, reason: `instance refresh ${view.refreshId} of ${group} ended ${view.status}, so there was nothing to roll back${view.statusReason ? ` (${view.statusReason})` : ""}` };
}

/** A rollback's PercentageComplete in words that stay true while it falls. */
function rollbackProgress(percent: number): string {
  if (percent > 0) return `Auto Scaling reports it ${percent}% complete, a share that falls to 0% as instances return to the previous version`;
  return "Auto Scaling reports it 0% complete: none of the instances it counts is left on the new version, and it ends once the previous version's are in service";
}

/**
 * `running` (the group's newest refresh, `refreshStatus`) when it still runs but is not the deployment's own:
 * it started before the deployment took the lease (`since`, epoch ms), so it is the release before's — still
 * `Baking` for a while after its promotion — and no rollback of this deployment may touch it. Null otherwise.
 * Example: v1 promoted at 12:15 with BakeTime left, v2 stopped at 12:16 before its own refresh → v1's refresh.
 */
export function refreshOfTheReleaseBefore(running: RefreshView | null, since: number): RefreshView | null {
  if (!running || !ACTIVE.has(running.status) || running.startedAt === undefined) return null;
  return running.startedAt < since ? running : null;
}

/** What is said of a refresh `refreshOfTheReleaseBefore` found. */
export const leftAlone = (group: string, view: RefreshView): RefreshRollback => ({
  changed: false,
  reason: `instance refresh ${view.refreshId} of ${group} (${view.status}) started before this deployment: it is the release before's, left alone`,
});

/** Statuses of a refresh still running (Auto Scaling allows one per group). */
const ACTIVE = new Set(["Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress"]);
