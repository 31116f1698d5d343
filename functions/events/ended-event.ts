// The lifecycle event of a deployment whose execution ended without its own Tasks saying how (cleanup marks
// it): "Deployment Aborted" when it was stopped (an operator's abort, a superseding push, a StopExecution
// from outside), "Deployment Rolled Back" when it failed or timed out, "Deployment Promoted" when it was
// stopped after its release went live.
import { DETAIL_TYPE, type LifecycleEvent } from "../core/lifecycle-events.ts";
import type { DeploymentRecord, LiveRecord } from "../core/model.ts";
import { lifecycleEventOf } from "../task-support/announce.ts";

/** Who stopped a deployment, from its control signal: the operator, the superseding push, the breaker. */
function stoppedBy(deployment: DeploymentRecord, cause: string | null | undefined): { by: string; reason: string } {
  const control = deployment.control;
  if (control) return { by: control.by, reason: control.reason };
  return { by: "StopExecution", reason: cause ? `stopped from outside Glidepath: ${cause}` : "stopped from outside Glidepath, no cause given" };
}

/**
 * Example: an execution ABORTED after `glidepath abort` by alice ("wrong build") → "Deployment Aborted" with
 * `by: "alice", reason: "wrong build"`; one that TIMED_OUT → "Deployment Rolled Back" with outcome `failed`.
 */
export function endedEvent(
  deployment: DeploymentRecord,
  detail: { status: string; cause?: string | null },
  { live, cause, at }: { live: LiveRecord | null; cause: string; at: string },
): LifecycleEvent {
  if (live) return lifecycleEventOf(DETAIL_TYPE.promoted, deployment, at, { liveSlot: live.liveSlot, imageId: live.imageId ?? deployment.imageId ?? null, reason: `promoted, then ${cause}` });
  if (detail.status === "ABORTED") return lifecycleEventOf(DETAIL_TYPE.aborted, deployment, at, stoppedBy(deployment, detail.cause));
  return lifecycleEventOf(DETAIL_TYPE.rolledBack, deployment, at, { outcome: "failed", reason: cause });
}
