// "Replace instances": on one group, the step that moves the share of instances running the new version.
// The first such step starts the instance refresh (plan preferences, the deployment's alarms, AutoRollback);
// every step then reports whether the refresh has reached its checkpoint, and how long to wait before asking
// again. A refresh that failed, was cancelled or rolled back (Auto Scaling's own alarm rollback) fails the step
// with Auto Scaling's reason, so the Rollout's Catch rolls back.
import type * as z from "../core/zod-mini.ts";
import type { Config } from "../core/config.ts";
import type { DeploymentRecord, FleetChange, StepRecord } from "../core/model.ts";
import { compilePlan } from "../core/plan.ts";
import { SETUP_DEADLINES } from "../core/lease-budget.ts";
import { POLL_SECONDS } from "../core/poll-intervals.ts";
import { alarmPoliciesFor } from "../core/verdicts.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import type { RefreshRequest, RefreshView } from "../adapters/ports.ts";
import { ConfigInvalidError, InstanceRefreshFailedError, InvalidTaskInputError } from "../errors.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { confirmStillHeld, guardDeployment } from "../task-support/deployment-guard.ts";
import { describeRefreshRollback, refreshOfTheReleaseBefore } from "../task-support/refresh-rollback.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { fleetFor } from "../task-support/fleet-of.ts";
import { iso, stepInput, type DeploymentContext } from "../task-support/inputs.ts";

export const replaceInstancesInput = stepInput;
export type ReplaceInstancesInput = z.output<typeof replaceInstancesInput>;
export interface ReplaceInstancesOutput {
  reached: boolean;
  /** Seconds until it is worth asking again (the rest of a checkpoint's pause, or one poll). */
  waitSeconds: number;
  percentComplete: number;
  status: string;
  reason: string;
}

/** Auto Scaling's statuses that end a refresh short of its configuration: the deployment rolls back. */
const ENDED_SHORT = new Set(["Failed", "Cancelling", "Cancelled", "RollbackInProgress", "RollbackFailed", "RollbackSuccessful"]);
/** AlarmSpecification takes at most 10 alarms; the judge and the breaker still watch every one. */
const REFRESH_ALARMS_MAX = 10;

export function makeReplaceInstances({ adapters, clock }: TaskDeps) {
  return async function replaceInstances({ deployment, step, index }: ReplaceInstancesInput): Promise<ReplaceInstancesOutput> {
    if (step.kind !== "replaceInstances") throw new InvalidTaskInputError(`Replace instances got a ${step.kind} step`);
    const { app, env, deploymentId, config } = deployment;
    // The record as the guard read it: its steps and start are all this poll needs of the ledger.
    const record = await guardDeployment({ adapters, clock }, deployment);
    const fleet = fleetFor(adapters, config.fleet);
    const refresh = await fleet.startRefresh(refreshRequest(deployment));
    // Another refresh runs on the group (the release before's, Baking after its promotion): wait for it to end.
    if (refresh.outcome === "busy") return waitBehind(record, groupName(config), refresh, clock.now());
    // StopExecution does not stop this Lambda: a stop (and its cleanup, which rolls back the refresh it finds)
    // may have landed while the refresh was being started. Found ended now, it rolls its own refresh back. Only
    // the call that started the refresh can have raced cleanup so: later polls find a refresh cleanup saw.
    if (refresh.outcome === "started")
      await confirmStillHeld({ adapters, clock }, deployment, async () => describeRefreshRollback(groupName(config), await fleet.rollBackRefresh(groupName(config))).reason);
    if (ENDED_SHORT.has(refresh.status))
      throw new InstanceRefreshFailedError(`Instance refresh ${refresh.refreshId} of ${groupName(config)} ended ${refresh.status}: ${refresh.statusReason || "Auto Scaling gave no reason"}`);
    const reached = refresh.percentageComplete >= step.percent || refresh.status === "Successful" || refresh.status === "Baking";
    const now = clock.now();
    const summary = `${refresh.percentageComplete}% of ${groupName(config)}'s instances on the new version (${refresh.status})`;
    if (!reached) {
      const steps = record?.steps ?? [];
      const { fleetChange } = compilePlan(config);
      const deadline = progressDeadline(steps, index, fleetChange, refresh);
      if (deadline !== null && now > deadline)
        throw new InstanceRefreshFailedError(
          `Instance refresh ${refresh.refreshId} of ${groupName(config)} has not reached ${step.percent}% by ${iso(deadline)} (${summary}; a new instance that never passes its health checks keeps Auto Scaling waiting): ${refresh.statusReason || "Auto Scaling gave no reason"}`,
        );
      return { reached, waitSeconds: waitSecondsFor(steps, index, fleetChange, now), percentComplete: refresh.percentageComplete, status: refresh.status, reason: `Replacing instances toward ${step.percent}%: ${summary}` };
    }
    const reason = `Replaced instances to ${step.percent}%: ${summary}`;
    const at = iso(now);
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "replaceInstances", reason, startedAt: at, endedAt: at });
    await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.stepCompleted, deployment, at, { index, kind: "replaceInstances", percent: step.percent, reason }));
    return { reached, waitSeconds: 0, percentComplete: refresh.percentageComplete, status: refresh.status, reason };
  };
}

/**
 * Replace instances' answer while `other`, a refresh that is not this deployment's, runs on the group: poll
 * again, leaving it alone (it is normally the release before's, Baking after its promotion; a rollback of it
 * would undo the live release). Fails once the deployment has waited as long as its image and its fleet were
 * given, counted from when it took the lease (`record.startedAt`): 4 hours.
 * Example: lease taken 12:00, other refresh still Baking at 16:00:01 → InstanceRefreshFailedError.
 */
function waitBehind(record: DeploymentRecord | null, group: string, other: RefreshView, now: number): ReplaceInstancesOutput {
  // Started before the lease was taken: the release before's, or the reconciler's refresh back to it.
  const whose = record && refreshOfTheReleaseBefore(other, Date.parse(record.startedAt)) ? "started before this deployment took the lease" : "not this deployment's";
  const what = `instance refresh ${other.refreshId} of ${group} (${other.status}, ${whose})`;
  // A record is written when the lease is taken; without one, the other refresh's own start stands in.
  const since = record ? Date.parse(record.startedAt) : (other.startedAt ?? now);
  const deadline = since + (SETUP_DEADLINES.imageSeconds + SETUP_DEADLINES.fleetSeconds) * 1000;
  if (now > deadline)
    throw new InstanceRefreshFailedError(`${what} was still running at ${iso(deadline)}, when this deployment had to have replaced instances; Auto Scaling allows one refresh per group, and the other one was left alone: ${other.statusReason || "Auto Scaling gave no reason"}`);
  return { reached: false, waitSeconds: POLL_SECONDS.fleet, percentComplete: 0, status: other.status, reason: `Waiting for ${what} to end before starting this deployment's: it is left alone` };
}

function groupName(config: Config): string {
  if (!config.fleet.group) throw new ConfigInvalidError(["fleet.group: is required for a replaceInstances step"]);
  return config.fleet.group.name;
}

function refreshRequest(deployment: DeploymentContext): RefreshRequest {
  const { config } = deployment;
  const change = compilePlan(config).fleetChange;
  if (change?.kind !== "instanceRefresh") throw new ConfigInvalidError([`strategy.kind: ${config.strategy.kind} on fleet.group does not replace instances by an instance refresh`]);
  if (!config.fleet.launchTemplateId) throw new ConfigInvalidError(["fleet.launchTemplateId: is required when provider is autoscaling"]);
  return {
    group: groupName(config),
    launchTemplateId: config.fleet.launchTemplateId,
    imageId: deployment.imageId,
    // One version per deployment: a retry, or the next step, finds this refresh by it.
    reference: deployment.deploymentId,
    minHealthyPercentage: change.minHealthyPercentage,
    maxHealthyPercentage: change.maxHealthyPercentage,
    checkpointPercentages: change.checkpointPercentages,
    checkpointDelaySeconds: change.checkpointDelaySeconds,
    bakeTimeSeconds: change.bakeTimeSeconds,
    alarms: alarmPoliciesFor(config, deployment.idleSlot).map((policy) => policy.name).slice(0, REFRESH_ALARMS_MAX),
  };
}

/**
 * When the refresh must have reached this step's share: as long after its start (the first step), or after
 * the previous checkpoint's pause (a later one), as a new slot's fleet is given to come up. Auto Scaling
 * keeps waiting for replacements that never pass their health checks; the deployment does not. Null while
 * Auto Scaling has not said when the refresh started.
 * Example: previous step reached at 12:00:00, CheckpointDelay 360 s → 13:06:00.
 */
function progressDeadline(steps: StepRecord[], index: number, change: FleetChange | undefined, refresh: RefreshView): number | null {
  const previous = steps.findLast((recorded) => recorded.kind === "replaceInstances" && recorded.index < index);
  if (previous && change?.kind === "instanceRefresh") return Date.parse(previous.startedAt) + (change.checkpointDelaySeconds + SETUP_DEADLINES.fleetSeconds) * 1000;
  return refresh.startedAt === undefined ? null : refresh.startedAt + SETUP_DEADLINES.fleetSeconds * 1000;
}

/**
 * A refresh paused at the previous checkpoint goes on by itself CheckpointDelay after reaching it (there is no
 * "resume"): wait that out in one Wait state rather than polling through it.
 * Example: previous step reached at 12:00:00, delay 360 s, now 12:05:00 → 60.
 */
function waitSecondsFor(steps: StepRecord[], index: number, change: FleetChange | undefined, now: number): number {
  const previous = steps.findLast((recorded) => recorded.kind === "replaceInstances" && recorded.index < index);
  if (!previous || change?.kind !== "instanceRefresh") return POLL_SECONDS.fleet;
  const resumesAt = Date.parse(previous.startedAt) + change.checkpointDelaySeconds * 1000;
  return Math.max(POLL_SECONDS.fleet, Math.ceil((resumesAt - now) / 1000));
}

export const task = defineTask(makeReplaceInstances, replaceInstancesInput);
