// One line per lifecycle event for the report's table: what an operator reading the feed wants from each
// detail type, the rest of the detail being in `local run --json`.
import { DETAIL_TYPE, type LifecycleEvent } from "../../functions/core/lifecycle-events.ts";

/**
 * Example: a "Deployment Aborted" by alice for "wrong build" → `by alice: wrong build`; a "Step Completed"
 * setWeight at 10% → its reason, `Shifted 10% to slot a (a=26 b=230)`.
 */
export function lifecycleSummary(event: LifecycleEvent): string {
  switch (event.detailType) {
    case DETAIL_TYPE.started: {
      const { strategy, steps, fromSlot, toSlot, group, requestedBy } = event.detail;
      return `${strategy}, ${steps} step${steps === 1 ? "" : "s"}, ${group ? `group ${group}` : `slot ${fromSlot} → ${toSlot}`}${requestedBy ? ` (${requestedBy.kind} by ${requestedBy.by}: ${requestedBy.reason})` : ""}`;
    }
    case DETAIL_TYPE.stepCompleted:
      return event.detail.reason;
    case DETAIL_TYPE.promoted:
      return `${event.detail.group ? `group ${event.detail.group}` : `slot ${event.detail.liveSlot}`} is live${event.detail.imageId ? ` on ${event.detail.imageId}` : ""}`;
    case DETAIL_TYPE.rolledBack:
      return event.detail.reason;
    case DETAIL_TYPE.aborted:
      return `by ${event.detail.by}: ${event.detail.reason}`;
    case DETAIL_TYPE.rolledBackAfterPromotion:
      return `slot ${event.detail.liveSlot} is live again${event.detail.restoredCommit ? ` (${event.detail.restoredCommit.slice(0, 12)})` : ""}: ${event.detail.reason}`;
  }
}
