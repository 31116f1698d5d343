// One group, after promotion: the promoted release's instance refresh goes on baking (its BakeTime) under the
// deployment's alarms with AutoRollback after the execution has ended and released the lease. When one of those
// alarms fires then, Auto Scaling itself puts the previous release back on every instance: the safety net works,
// but nothing in Glidepath ran it, so the ledger would go on naming the rolled-back release live (I1). The
// reconciler's round records what Auto Scaling did: the previous release is live again, and the deployment is
// rolled back after promotion, with Auto Scaling's reason. (Two slots need none of this: their old fleet stays
// warm under the execution's lease, and the circuit breaker rolls back itself: late-rollback.ts.)
import type { Fleet, Lease, Ledger, LifecycleEvents, RefreshView } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { groupOfFleet } from "../core/fleet-shape.ts";
import type { LiveRecord } from "../core/model.ts";
import { announce } from "../task-support/announce.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { AFTER_PROMOTION, rolledBackAfterPromotionEvent } from "./late-rollback.ts";

/** Auto Scaling's statuses of a refresh it is rolling, or has rolled, back: its instances return to the previous version. */
const ROLLING_BACK = new Set(["RollbackInProgress", "RollbackSuccessful"]);
/** How long the reconciler holds the lease for its one fenced write. */
const LEASE_SECONDS = 60;

export interface GroupLateRollbackDeps {
  ledger: Ledger;
  lease: Lease;
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  events: LifecycleEvents;
  clock: { now(): number };
}

/**
 * When `config`'s one group is at rest with its latest deployment promoted and live (`live`, the ledger's
 * record), and that deployment's own instance refresh (started after the deployment took the lease) is being
 * rolled back by Auto Scaling, makes the deployment's previous release live again and records the rollback;
 * returns what it did, or null. Fenced like a deployment's write: it takes the lease for the write, and does
 * nothing while anyone else holds it.
 * Example: v4 promoted, then its refresh RollbackInProgress on shop-api-sandbox-error-rate →
 *   "Rolled back after promotion: Auto Scaling rolled back instance refresh r-9 of shop-api-sandbox (…); v1 is live again".
 */
export async function recordGroupRollbackAfterPromotion(deps: GroupLateRollbackDeps, config: Config, live: LiveRecord | null): Promise<string | null> {
  const group = config.fleet.group?.name;
  if (!group || !live) return null;
  const { app, env } = config;
  const [latest] = await deps.ledger.listDeployments(app, env, 1);
  const previous = latest?.previousLive;
  if (!latest || latest.outcome !== "promoted" || !previous?.commit || live.commit !== latest.commit) return null;
  const refresh = await fleetFor(deps, config.fleet).refreshStatus(group);
  if (!isRollingBack(refresh, Date.parse(latest.startedAt))) return null;

  const owner = `reconciler (rollback after promotion of ${latest.deploymentId})`;
  const grant = await deps.lease.acquire(app, env, owner, LEASE_SECONDS);
  if (!grant) return null;
  try {
    const at = new Date(deps.clock.now()).toISOString();
    await deps.ledger.setLive({ app, env, liveSlot: live.liveSlot, ...groupOfFleet(config.fleet), commit: previous.commit, imageId: previous.imageId, updatedAt: at }, grant.fencingToken);
    const doing = refresh.status === "RollbackSuccessful" ? "rolled back" : "is rolling back";
    const why = `Auto Scaling ${doing} instance refresh ${refresh.refreshId} of ${group} (${refresh.status}) after the deployment ended: ${refresh.statusReason || "Auto Scaling gave no reason"}`;
    const reason = `Rolled back after promotion: ${why}; ${previous.commit.slice(0, 12)} is live again`;
    await deps.ledger.appendStep(app, env, latest.deploymentId, { index: latest.steps.length, kind: "rollback", verdict: "unhealthy", reason: `reconciler: ${AFTER_PROMOTION}: ${why}`, startedAt: at, endedAt: at });
    await deps.ledger.finishDeployment(app, env, latest.deploymentId, "rolled_back", reason, at);
    await announce(deps.events, rolledBackAfterPromotionEvent(latest, reason, at));
    return reason;
  } finally {
    await deps.lease.release(app, env, owner, grant.fencingToken);
  }
}

/** The refresh is the deployment's own (started once it took the lease at `since`) and Auto Scaling is undoing it. */
function isRollingBack(refresh: RefreshView | null, since: number): refresh is RefreshView {
  return refresh !== null && ROLLING_BACK.has(refresh.status) && refresh.startedAt !== undefined && refresh.startedAt >= since;
}
