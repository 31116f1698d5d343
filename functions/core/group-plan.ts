// How a one-group strategy replaces the group's instances: the instance refresh's preferences (minimum and
// maximum healthy percentage, checkpoints and their delay, bake time) or a temporary group, as plan data.
import { formatDuration } from "./duration.ts";
import { POLL_SECONDS } from "./poll-intervals.ts";
import type { FleetChange } from "./model.ts";

/** Rolling without an extra batch keeps at least half the group in service. */
export const MAX_BATCH_WITHOUT_EXTRA = 50;

/**
 * What the refresh waits beyond a bake before it goes on by itself (Auto Scaling has no "resume"): the bake
 * starts up to one poll after the pause did, and its judge needs a moment; with this margin the verdict
 * always arrives while the refresh is still paused, so no batch is replaced before its bake passed.
 */
export const CHECKPOINT_MARGIN_SECONDS = 2 * POLL_SECONDS.fleet + 30;

/** Auto Scaling's upper bound for CheckpointDelay and BakeTime (48 hours). */
export const REFRESH_WAIT_MAX_SECONDS = 172_800;

/**
 * The batch an instance refresh replaces at a time: the smallest step between consecutive checkpoints.
 * Example: `batchPercent([10, 50, 100])` → 10.
 */
export function batchPercent(percents: number[]): number {
  let previous = 0;
  let smallest = 100;
  for (const percent of percents) {
    smallest = Math.min(smallest, percent - previous);
    previous = percent;
  }
  return Math.max(1, Math.round(smallest));
}

export type GroupStrategy =
  | { kind: "rolling"; extraBatch: boolean }
  | { kind: "canary" }
  | { kind: "allAtOnce" }
  | { kind: "immutable" };

/**
 * The fleet change of a one-group strategy. `percents` are its replaceInstances steps, `longestBake` the
 * longest bake after one of them, `finalBake` the final bake's length.
 * - rolling: batches of the smallest step, each taken out of service first (MinHealthy 100 − batch); with
 *   extraBatch launched first (MinHealthy 100, MaxHealthy 100 + batch), so capacity never drops.
 * - canary: a few new instances next to the old ones first (as rolling with an extra batch).
 * - allAtOnce: every new instance launched, then every old one terminated (MinHealthy 100, MaxHealthy 200).
 * - immutable: a temporary group.
 * Example: rolling `[25, 50, 100]`, longest bake 300, final bake 120 →
 *   `{ kind: "instanceRefresh", minHealthyPercentage: 75, maxHealthyPercentage: 100, checkpointPercentages: [25, 50, 100], checkpointDelaySeconds: 360, bakeTimeSeconds: 180 }`.
 */
export function fleetChangeOf(strategy: GroupStrategy, percents: number[], longestBake: number, finalBake: number): FleetChange {
  if (strategy.kind === "immutable") return { kind: "temporaryGroup" };
  const batch = strategy.kind === "allAtOnce" ? 100 : batchPercent(percents);
  const launchFirst = strategy.kind !== "rolling" || strategy.extraBatch;
  return {
    kind: "instanceRefresh",
    minHealthyPercentage: launchFirst ? 100 : 100 - batch,
    maxHealthyPercentage: launchFirst ? 100 + batch : 100,
    checkpointPercentages: strategy.kind === "allAtOnce" ? [] : percents,
    checkpointDelaySeconds: Math.min(REFRESH_WAIT_MAX_SECONDS, longestBake + CHECKPOINT_MARGIN_SECONDS),
    bakeTimeSeconds: Math.min(REFRESH_WAIT_MAX_SECONDS, finalBake + CHECKPOINT_MARGIN_SECONDS),
  };
}

/**
 * One line on how the group's instances are replaced, for `glidepath plan`.
 * Example: rolling with an extra batch →
 *   `"Instance refresh: MinHealthyPercentage 100, MaxHealthyPercentage 125, checkpoints at 25%, 50%, 100% (pause 6m each), BakeTime 6m"`.
 */
export function describeFleetChange(change: FleetChange): string {
  if (change.kind === "temporaryGroup") return "Temporary group: launched at full size on the new version beside the group, in its load balancer for the final bake, then cut over to; on rollback drained out of the load balancer and deleted";
  const checkpoints = change.checkpointPercentages.length > 0
    ? `checkpoints at ${change.checkpointPercentages.map((p) => `${p}%`).join(", ")} (pause ${formatDuration(change.checkpointDelaySeconds)} each)`
    : "no checkpoints";
  return `Instance refresh: MinHealthyPercentage ${change.minHealthyPercentage}, MaxHealthyPercentage ${change.maxHealthyPercentage}, ${checkpoints}, BakeTime ${formatDuration(change.bakeTimeSeconds)}`;
}

/** Auto Scaling group names are at most 255 characters. */
const GROUP_NAME_MAX = 255;

/**
 * The name of an immutable deployment's temporary group: the group's, then the deployment's (unique per
 * deployment, so a retry finds its own and a sweep can tell whose it is), shortened from the group's end to fit.
 * Example: `temporaryGroupName("web", "shop-api-prod-0123456789ab")` → `"web-immutable-shop-api-prod-0123456789ab"`.
 */
export function temporaryGroupName(group: string, deploymentId: string): string {
  const suffix = `-immutable-${deploymentId}`;
  return `${group.slice(0, Math.max(0, GROUP_NAME_MAX - suffix.length))}${suffix}`;
}

/** How the cut-over's ledger step starts (tasks/cut-over.ts): written once the group runs only the new version. */
export const CUT_OVER_DONE = "Cut over: ";
