// The safe state of an immutable deployment that ended outside the state machine's rollback path (StopExecution,
// a timeout, a failure; or a temporary group found left behind): its temporary group leaves the group's target
// groups and, once drained, is deleted. Cleanup starts that for the deployment it cleans up; the reconciler's
// sweep finishes it (and catches any temporary group whose deployment ended without one).
import type { Fleet, Ledger } from "../adapters/ports.ts";
import type { Config } from "../core/config.ts";
import { groupOfFleet } from "../core/fleet-shape.ts";
import { CUT_OVER_DONE, temporaryGroupName } from "../core/group-plan.ts";
import type { DeploymentRecord, LiveRecord } from "../core/model.ts";

/** How many of an app/env's newest deployments the sweep looks at (each one a DescribeAutoScalingGroups). */
export const SWEPT_DEPLOYMENTS = 3;

/**
 * Drains (first call) or deletes (once drained) the temporary group of `deploymentId`, undoing a cut-over it
 * interrupted unless the deployment went live (`wentLive`: the group keeps what reached it). Null for a config
 * whose deployments make none (two slots, or a CodeDeploy fleet); `changed` false when there is none.
 * Example: a release stopped mid-bake → `{ changed: true, reason: "took temporary group web-immutable-… out of its load balancer; …" }`.
 */
export async function removeTemporaryGroupOf(fleets: { autoscaling: Fleet }, config: Config, deploymentId: string, { wentLive = false }: { wentLive?: boolean } = {}): Promise<{ changed: boolean; reason: string } | null> {
  const group = config.fleet.group?.name;
  if (!group || config.fleet.provider !== "autoscaling") return null;
  const removal = await fleets.autoscaling.removeTemporaryGroup({ group, temporaryGroup: temporaryGroupName(group, deploymentId), undoCutOver: !wentLive });
  return { changed: removal.state !== "absent", reason: removal.reason };
}

/**
 * The reconciler's sweep, for an app/env no deployment holds: the temporary groups of its newest immutable
 * deployments that have ended are drained and deleted, and a cut-over a deployment that was not promoted left
 * midway is undone. Returns what it did, one line per group.
 */
export async function sweepTemporaryGroups(deps: { ledger: Pick<Ledger, "listDeployments">; fleets: { autoscaling: Fleet } }, config: Config): Promise<string[]> {
  if (!config.fleet.group || config.fleet.provider !== "autoscaling") return [];
  const records = await deps.ledger.listDeployments(config.app, config.env, SWEPT_DEPLOYMENTS);
  const actions: string[] = [];
  for (const record of records.filter((candidate) => candidate.strategy === "immutable" && candidate.outcome !== "in_progress")) {
    const removed = await removeTemporaryGroupOf(deps.fleets, config, record.deploymentId, { wentLive: record.outcome === "promoted" });
    if (removed?.changed) actions.push(`temporary group of ${record.deploymentId} (${record.outcome}) left behind: ${removed.reason}`);
  }
  return actions;
}

/**
 * For an immutable deployment that ended outside the state machine after its cut-over finished (the step
 * "Cut over: …" is written once the group runs only the new version): that version passed its final bake and is
 * the only one left, so it is recorded live, under the deployment's own fencing token. Null when the deployment
 * did not get that far (its temporary group is then removed as usual).
 * Example: stopped between the cut-over and Promote → `{ commit: "9f8e…", group: "web", … }`.
 */
export async function recordFinishedCutOverLive(ledger: Pick<Ledger, "setLive">, config: Config, deployment: DeploymentRecord, fencingToken: number, now: string): Promise<LiveRecord | null> {
  const finished = deployment.strategy === "immutable" && deployment.steps.some((step) => step.kind === "temporaryGroup" && step.reason.startsWith(CUT_OVER_DONE));
  if (!finished || !deployment.imageId) return null;
  const live: LiveRecord = { app: deployment.app, env: deployment.env, liveSlot: deployment.toSlot, ...groupOfFleet(config.fleet), commit: deployment.commit, imageId: deployment.imageId, updatedAt: now };
  await ledger.setLive(live, fencingToken);
  return live;
}
