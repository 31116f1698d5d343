// Rollback after promotion: during scaleDownDelay the old fleet is still warm, so when the new slot's alarm
// fires the breaker makes the old slot live again (ledger, fenced by the execution's lease) and moves all
// traffic back to it. The execution, waiting to retire the old fleet, sees the control signal at retire time
// and takes the rollback path instead: it drains the new fleet and scales it down.
import type { Traffic, LeaseGrant, Ledger } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { groupOfFleet } from "../core/fleet-shape.ts";
import type { DeploymentRecord, LiveRecord } from "../core/model.ts";
import { DETAIL_TYPE, type LifecycleEvent } from "../core/lifecycle-events.ts";
import { lifecycleEventOf } from "../task-support/announce.ts";
import { restoreLiveSlot, type Backoff, type Restored } from "./safe-state.ts";

/** The words every record of a rollback after promotion carries, so operators (and tests) can find it. */
export const AFTER_PROMOTION = "rolled back after promotion";

/**
 * Whether `deployment` is promoted, still live, still holds the lease (it waits out scaleDownDelay), has not
 * begun retiring the old fleet, and knows what was live before it: only then is there a warm fleet to go back to.
 */
export function canRollBackAfterPromotion(deployment: DeploymentRecord, live: LiveRecord | null, grant: LeaseGrant): boolean {
  return (
    deployment.outcome === "promoted" &&
    deployment.control?.kind !== "retire" &&
    grant.owner === deployment.deploymentId &&
    deployment.previousLive !== undefined &&
    deployment.previousLive.commit !== null &&
    live?.liveSlot === deployment.toSlot &&
    live.commit === deployment.commit
  );
}

/**
 * Makes the previous release live again and puts all traffic on its slot. The live record is written first,
 * with the lease's fencing token: if the execution lost its lease meanwhile this throws and moves nothing.
 */
export async function rollBackAfterPromotion(
  deps: { traffic: Traffic; ledger: Ledger },
  config: Config,
  deployment: DeploymentRecord,
  grant: LeaseGrant,
  now: () => string,
  backoff: Backoff,
): Promise<Restored> {
  const previous = deployment.previousLive!;
  await deps.ledger.setLive(
    { app: deployment.app, env: deployment.env, liveSlot: deployment.fromSlot, ...groupOfFleet(config.fleet), commit: previous.commit, imageId: previous.imageId, updatedAt: now() },
    grant.fencingToken,
  );
  return restoreLiveSlot(deps, config, backoff, { token: grant.fencingToken, role: "holder", by: `${deployment.deploymentId} (rollback after promotion)` });
}

/** The "Rolled Back After Promotion" event of `deployment`, once the previous release is live again. */
export function rolledBackAfterPromotionEvent(deployment: DeploymentRecord, reason: string, at: string): LifecycleEvent {
  return lifecycleEventOf(DETAIL_TYPE.rolledBackAfterPromotion, deployment, at, { liveSlot: deployment.fromSlot, restoredCommit: deployment.previousLive?.commit ?? null, reason });
}
