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
 * `view` is the group's newest refresh after RollbackInstanceRefresh (null when it never had one).
 * Example: a refresh stopped at 25% → "rolling instance refresh r-1 of shop-api back (25% still on the new version)".
 */
export function describeRefreshRollback(group: string, view: RefreshView | null): RefreshRollback {
  if (!view) return { changed: false, reason: `no instance refresh of ${group} to roll back` };
  if (view.status === "RollbackInProgress" || view.status === "Cancelling")
    return { changed: true, reason: `rolling instance refresh ${view.refreshId} of ${group} back (${view.percentageComplete}% still on the new version)` };
  if (view.status === "RollbackSuccessful") return { changed: true, reason: `rolled instance refresh ${view.refreshId} of ${group} back: every instance runs the previous version` };
  return { changed: false, reason: `instance refresh ${view.refreshId} of ${group} ended ${view.status}, so there was nothing to roll back${view.statusReason ? ` (${view.statusReason})` : ""}` };
}
