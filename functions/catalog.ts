// Every Lambda Glidepath deploys: the Task states' handlers and the out-of-band event handlers.
// The definition builder, the stacks, the bundler and the local runner all read this one list; a function's
// IAM statements come from its `uses` (stacks/permissions.ts). A Task's entry holds its module (`task`: the
// factory and input schema its file exports), from which come its Lambda's generated entry
// (stacks/task-entry.ts) and its binding in the sandbox (task-support/registry.ts). Because this file loads
// every Task module, no event handler imports it (what they need from here is in events/timeouts.ts).
import type { Capability } from "./capabilities.ts";
import { CIRCUIT_BREAKER_TIMEOUT_SECONDS, CLEANUP_TIMEOUT_SECONDS, RECONCILER_TIMEOUT_SECONDS } from "./events/timeouts.ts";
import type { AnyTaskModule } from "./task-support/deps.ts";
import { task as acquireLease } from "./tasks/acquire-lease.ts";
import { task as awaitImage } from "./tasks/await-image.ts";
import { task as bakeImage } from "./tasks/bake-image.ts";
import { task as checkDnsSync } from "./tasks/check-dns-sync.ts";
import { task as checkFleet } from "./tasks/check-fleet.ts";
import { task as checkImage } from "./tasks/check-image.ts";
import { task as finishRollback } from "./tasks/finish-rollback.ts";
import { task as cutOver } from "./tasks/cut-over.ts";
import { task as judgeBake } from "./tasks/judge-bake.ts";
import { task as launchTemporaryGroup } from "./tasks/launch-temporary-group.ts";
import { task as loadConfig } from "./tasks/load-config.ts";
import { task as preflight } from "./tasks/preflight.ts";
import { task as prepareFleet } from "./tasks/prepare-fleet.ts";
import { task as promote } from "./tasks/promote.ts";
import { task as releaseLease } from "./tasks/release-lease.ts";
import { task as replaceInstances } from "./tasks/replace-instances.ts";
import { task as requestApproval } from "./tasks/request-approval.ts";
import { task as retireOldFleet } from "./tasks/retire-old-fleet.ts";
import { task as serveTemporaryGroup } from "./tasks/serve-temporary-group.ts";
import { task as rollBack } from "./tasks/roll-back.ts";
import { task as shiftTraffic } from "./tasks/shift-traffic.ts";
import { task as scaleFleet } from "./tasks/scale-fleet.ts";
import { task as smokeTest } from "./tasks/smoke-test.ts";
import { task as startBake } from "./tasks/start-bake.ts";
import { task as finishFlagRelease } from "./tasks/finish-flag-release.ts";
import { task as revertFlag } from "./tasks/revert-flag.ts";
import { task as setFlagPercentage } from "./tasks/set-flag-percentage.ts";
import { task as startFlagRelease } from "./tasks/start-flag-release.ts";

export interface FunctionSpec {
  /** File under functions/, without extension: an event handler's exports `handler`, a Task's exports `task`. */
  file: string;
  /** Lambda timeout in seconds; the Task's TimeoutSeconds sits above it. */
  timeoutSeconds: number;
  memoryMb: number;
  description: string;
  /** What the function does, as capabilities: its IAM statements and the adapters its handler may build. */
  uses: readonly Capability[];
  /**
   * Extra retriers the Task state gets (stacks/definition/retry.ts): `alarmClear` waits out an alarm still
   * firing, `drainPending` a slot that resolvers may still send cached traffic to.
   */
  retry?: "alarmClear" | "drainPending";
}

/** A Task's Lambda: its module (`task`, the factory and input schema) is what its generated entry wraps. */
export interface TaskFunctionSpec extends FunctionSpec {
  task: AnyTaskModule;
}

export const TASK_FUNCTIONS = {
  loadConfig: { file: "tasks/load-config", task: loadConfig, timeoutSeconds: 30, memoryMb: 256, description: "Load and validate the app/env config from SSM, label the version loaded", uses: ["configRead", "configLabel"] },
  preflight: { file: "tasks/preflight", task: preflight, timeoutSeconds: 30, memoryMb: 256, description: "Check records, slots and alarms (none already firing) before touching anything", uses: ["trafficRead", "alarmsRead", "tableRead"], retry: "alarmClear" },
  acquireLease: { file: "tasks/acquire-lease", task: acquireLease, timeoutSeconds: 30, memoryMb: 256, description: "Take the per app/env lease and record the deployment, or queue the push", uses: ["table", "executionsStart", "executionsStop", "eventsPublish"] },
  bakeImage: { file: "tasks/bake-image", task: bakeImage, timeoutSeconds: 60, memoryMb: 256, description: "Start the AMI bake for the commit", uses: ["imagesBake", "table"] },
  awaitImage: { file: "tasks/await-image", task: awaitImage, timeoutSeconds: 30, memoryMb: 256, description: "Record the image wait's task token; the image's state-change event or its fallback timeout ends it", uses: ["table", "imagesCheck", "executionsSucceed"] },
  checkImage: { file: "tasks/check-image", task: checkImage, timeoutSeconds: 30, memoryMb: 256, description: "Read the AMI bake; tag and record the AMI once available", uses: ["imagesCheck", "imagesTag", "table"] },
  prepareFleet: { file: "tasks/prepare-fleet", task: prepareFleet, timeoutSeconds: 60, memoryMb: 256, description: "Bring the idle fleet up on the new AMI, once resolvers no longer send the slot cached traffic", uses: ["fleetLaunch", "table"], retry: "drainPending" },
  checkFleet: { file: "tasks/check-fleet", task: checkFleet, timeoutSeconds: 30, memoryMb: 256, description: "Poll the idle fleet", uses: ["fleetDescribe", "table"] },
  smokeTest: { file: "tasks/smoke-test", task: smokeTest, timeoutSeconds: 120, memoryMb: 256, description: "HTTP checks straight at the idle slot", uses: ["table", "httpProbe"] },
  shiftTraffic: { file: "tasks/shift-traffic", task: shiftTraffic, timeoutSeconds: 30, memoryMb: 256, description: "Set both Route 53 weights in one batch", uses: ["trafficRead", "trafficWrite", "table", "eventsPublish"] },
  scaleFleet: { file: "tasks/scale-fleet", task: scaleFleet, timeoutSeconds: 60, memoryMb: 256, description: "Two slots, canaryScale: take the new fleet from its canary size to the live fleet's full size", uses: ["fleetResize", "table"] },
  checkDnsSync: { file: "tasks/check-dns-sync", task: checkDnsSync, timeoutSeconds: 30, memoryMb: 256, description: "Poll the Route 53 change until INSYNC", uses: ["trafficSync"] },
  replaceInstances: { file: "tasks/replace-instances", task: replaceInstances, timeoutSeconds: 30, memoryMb: 256, description: "One group: start the instance refresh to the new version, then follow it to the step's share of instances (rolled back if its deployment was stopped meanwhile)", uses: ["fleetRefresh", "fleetRefreshRead", "fleetRefreshRollback", "table", "eventsPublish"] },
  launchTemporaryGroup: { file: "tasks/launch-temporary-group", task: launchTemporaryGroup, timeoutSeconds: 30, memoryMb: 256, description: "One group, immutable: create the temporary group at full size on the new version, in no load balancer yet", uses: ["temporaryGroupLaunch", "table"] },
  serveTemporaryGroup: { file: "tasks/serve-temporary-group", task: serveTemporaryGroup, timeoutSeconds: 30, memoryMb: 256, description: "One group, immutable: put the temporary group behind the group's target groups", uses: ["temporaryGroupServe", "table"] },
  cutOver: { file: "tasks/cut-over", task: cutOver, timeoutSeconds: 60, memoryMb: 256, description: "One group, immutable: move the new instances into the group, drain and terminate the old ones, delete the temporary group", uses: ["temporaryGroupCutOver", "table"] },
  startBake: { file: "tasks/start-bake", task: startBake, timeoutSeconds: 30, memoryMb: 256, description: "Record a bake's task token; the wait ends on an alarm, an operator or the bake's end", uses: ["table"] },
  judgeBake: { file: "tasks/judge-bake", task: judgeBake, timeoutSeconds: 30, memoryMb: 256, description: "Judge a bake at its end: alarm states now and their history over the bake", uses: ["alarmsRead", "alarmsHistory", "table", "eventsPublish"] },
  requestApproval: { file: "tasks/request-approval", task: requestApproval, timeoutSeconds: 30, memoryMb: 256, description: "Record the task token of an approval step", uses: ["table"] },
  promote: { file: "tasks/promote", task: promote, timeoutSeconds: 30, memoryMb: 256, description: "Flip the live slot in the ledger", uses: ["trafficRead", "trafficWrite", "table", "eventsPublish"] },
  retireOldFleet: { file: "tasks/retire-old-fleet", task: retireOldFleet, timeoutSeconds: 60, memoryMb: 256, description: "Scale the old live fleet down; retire old images", uses: ["fleetScaleDown", "table", "fleetImages", "imagesRetire", "configList", "configRead"] },
  releaseLease: { file: "tasks/release-lease", task: releaseLease, timeoutSeconds: 30, memoryMb: 256, description: "Release the lease and start the push waiting for it", uses: ["table", "executionsStart"] },
  rollBack: { file: "tasks/roll-back", task: rollBack, timeoutSeconds: 60, memoryMb: 256, description: "Put all traffic back on the live slot (one group: roll its instance refresh back, or drain and delete its temporary group)", uses: ["trafficRead", "trafficWrite", "table", "fleetRefreshRollback", "fleetRefreshRead", "temporaryGroupRemove"] },
  finishRollback: { file: "tasks/finish-rollback", task: finishRollback, timeoutSeconds: 60, memoryMb: 256, description: "Scale the idle fleet down, record the reason, release the lease", uses: ["fleetScaleDown", "table", "executionsStart", "eventsPublish"] },
  // The flag release state machine's own Tasks (stacks/definition/flag-release.ts); its bakes and its lease
  // release are the deployment's startBake, judgeBake and releaseLease.
  startFlagRelease: { file: "tasks/start-flag-release", task: startFlagRelease, timeoutSeconds: 30, memoryMb: 256, description: "Check the flag and the plan, take the lease, record the flag release, note the version to revert to", uses: ["configRead", "flagsRead", "table", "eventsPublish"] },
  setFlagPercentage: { file: "tasks/set-flag-percentage", task: setFlagPercentage, timeoutSeconds: 30, memoryMb: 256, description: "Write the flag document's next version with the flag at the step's percentage", uses: ["flagsRead", "flagsWrite", "table", "eventsPublish"] },
  finishFlagRelease: { file: "tasks/finish-flag-release", task: finishFlagRelease, timeoutSeconds: 30, memoryMb: 256, description: "Record the flag release as promoted", uses: ["flagsRead", "table", "eventsPublish"] },
  revertFlag: { file: "tasks/revert-flag", task: revertFlag, timeoutSeconds: 30, memoryMb: 256, description: "Put the flag document the release started from back, record the cause", uses: ["flagsRead", "flagsWrite", "table", "eventsPublish"] },
} as const satisfies Record<string, TaskFunctionSpec>;

export const EVENT_FUNCTIONS = {
  startDeployment: { file: "events/start-deployment", timeoutSeconds: 30, memoryMb: 256, description: "CodeCommit push → record it, start an execution", uses: ["configList", "configRead", "table", "executionsStart"] },
  webhook: { file: "events/webhook", timeoutSeconds: 30, memoryMb: 256, description: "Signed GitHub/GitLab push → record it, start an execution", uses: ["webhookSecret", "configList", "configRead", "table", "executionsStart"] },
  cleanup: { file: "events/cleanup", timeoutSeconds: CLEANUP_TIMEOUT_SECONDS, memoryMb: 256, description: "Aborted/failed/timed-out execution → safe state", uses: ["configList", "configRead", "trafficRead", "trafficWrite", "table", "executionsStart", "eventsPublish", "fleetRefreshRead", "fleetRefreshRollback", "temporaryGroupRemove", "flagsRead", "flagsWrite"] },
  circuitBreaker: { file: "events/circuit-breaker", timeoutSeconds: CIRCUIT_BREAKER_TIMEOUT_SECONDS, memoryMb: 256, description: "Alarm → ALARM during a rollout → revert weights, fail the bake's or approval's wait", uses: ["configList", "configRead", "trafficRead", "trafficWrite", "table", "executionsFail", "eventsPublish"] },
  imageStateChange: { file: "events/image-state-change", timeoutSeconds: 30, memoryMb: 256, description: "An image bake finished (EC2 or Image Builder event) → end the image wait of the deployment baking it", uses: ["tableRead", "executionsSucceed"] },
  reconciler: { file: "events/reconciler", timeoutSeconds: RECONCILER_TIMEOUT_SECONDS, memoryMb: 256, description: "Converge app/envs no deployment holds: stale leases, weights, idle fleets, the waiting push, promotions due", uses: ["configList", "configRead", "trafficRead", "trafficWrite", "trafficSync", "autoScalingDescribe", "autoScalingScaleDown", "fleetRefreshRead", "fleetRefreshRollback", "fleetRefreshRestore", "table", "executionsStart", "executionsDescribe", "eventsPublish", "alarmsRead", "alarmsHistory", "temporaryGroupRemove"] },
} as const satisfies Record<string, FunctionSpec>;

export type TaskId = keyof typeof TASK_FUNCTIONS;
export type EventFunctionId = keyof typeof EVENT_FUNCTIONS;

/** The ARN (or local name) of each Task's Lambda, as `buildDefinition` takes them. */
export type TaskArns = Record<TaskId, string>;
