// Simulated Auto Scaling instance refresh (aws-facts.md "Auto Scaling instance refresh"): replaces a group's
// instances batch by batch within [MinHealthyPercentage, MaxHealthyPercentage] of desired capacity, pauses at
// checkpoints for CheckpointDelay, stays Baking for BakeTime, fails on an alarm of its AlarmSpecification
// (rolling back with AutoRollback), and can be cancelled or rolled back while it runs.
//
// Simplifications (documented for scenario writers):
// - No "Checkpoint Reached" EventBridge event is sent: the StatusReason names the checkpoint instead.
// - A batch stops at the next checkpoint: the refresh never replaces past a checkpoint before pausing there
//   (inferred; AWS documents the pause, not how batches meet it). InstanceWarmup is 0: an instance counts once
//   InService.
// - With MinHealthyPercentage 100 and MaxHealthyPercentage 100 one instance is launched first ("launch before
//   terminate at 100%"), briefly one above the maximum.
// - Alarms of the AlarmSpecification are checked on every alarm transition and every step of the refresh,
//   checkpoints and BakeTime included (AWS does not say when it checks them).
// - A replacement that never becomes healthy keeps the refresh waiting (AWS retries up to an hour, then fails).
// - The group's launch template becomes the desired configuration when the refresh succeeds; a rollback
//   replaces instances back to the configuration the group had when the refresh started.
import type { AlarmStateValue } from "../../functions/core/model.ts";
import type { SimContext } from "./context.ts";
import { awsError } from "./errors.ts";
import type { LaunchTemplateRef } from "./launch-templates.ts";

type RefreshStatus =
  | "Pending"
  | "InProgress"
  | "Successful"
  | "Failed"
  | "Cancelling"
  | "Cancelled"
  | "RollbackInProgress"
  | "RollbackFailed"
  | "RollbackSuccessful"
  | "Baking";

/** What a refresh needs of its group: its instances, and launching and terminating them. */
export interface RefreshableGroup {
  name: string;
  desired: number;
  template: LaunchTemplateRef;
  /** Instances not yet gone, with their lifecycle state and launch configuration. */
  instances(): Array<{ id: string; state: "Pending" | "InService" | "Terminating"; version: number; imageId: string }>;
}

export interface RefreshHost {
  resolve(ref: LaunchTemplateRef): { version: number; imageId: string };
  launch(group: string, target: { version: number; imageId: string }, cause: string): boolean;
  terminate(group: string, instanceId: string, cause: string): void;
  /** The group's launch template, once the refresh succeeded. */
  setTemplate(group: string, ref: LaunchTemplateRef): void;
  alarmState(name: string): AlarmStateValue | undefined;
}

interface Preferences {
  minHealthy: number;
  maxHealthy: number;
  checkpoints: number[];
  checkpointDelayMs: number;
  bakeTimeMs: number;
  skipMatching: boolean;
  autoRollback: boolean;
  alarms: string[];
}

interface Refresh {
  id: string;
  group: string;
  status: RefreshStatus;
  statusReason: string;
  startTime: number;
  endTime?: number;
  preferences: Preferences;
  /** The configuration instances are being replaced with (the previous one during a rollback). */
  target: { ref: LaunchTemplateRef; version: number; imageId: string };
  /** What the group ran before: a rollback's target. */
  previous: { ref: LaunchTemplateRef; version: number; imageId: string };
  desiredConfiguration?: Record<string, unknown>;
  instancesToUpdate: number;
  percentageComplete: number;
  /** Index of the next checkpoint not yet reached. */
  nextCheckpoint: number;
  pausedUntil?: number;
  bakingUntil?: number;
  /** `from`: the configuration the rollback takes instances off (the refresh's desired one). */
  rollback?: { reason: string; startTime: number; percentageCompleteOnRollback: number; instancesToUpdateOnRollback: number; from: { version: number; imageId: string } };
  /** Without SkipMatching, instances running when the refresh started are replaced even if they match. */
  replaceAnyway: Set<string>;
}

const ACTIVE: ReadonlySet<RefreshStatus> = new Set(["Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress"]);
const DEFAULT_CHECKPOINT_DELAY_SECONDS = 3600;
const MAX_WAIT_SECONDS = 172_800;

export interface StartInstanceRefreshInput {
  AutoScalingGroupName?: string;
  Strategy?: string;
  DesiredConfiguration?: { LaunchTemplate?: LaunchTemplateRef; MixedInstancesPolicy?: unknown };
  Preferences?: {
    MinHealthyPercentage?: number;
    MaxHealthyPercentage?: number;
    CheckpointPercentages?: number[];
    CheckpointDelay?: number;
    SkipMatching?: boolean;
    AutoRollback?: boolean;
    AlarmSpecification?: { Alarms?: string[] };
    BakeTime?: number;
    InstanceWarmup?: number;
  };
}

export class InstanceRefreshes {
  private byGroup = new Map<string, Refresh[]>();

  constructor(
    private readonly ctx: SimContext,
    private readonly host: RefreshHost,
  ) {}

  /** The group's refresh that is still running, if any. */
  active(group: string): Refresh | undefined {
    return this.byGroup.get(group)?.find((refresh) => ACTIVE.has(refresh.status));
  }

  start(group: RefreshableGroup, input: StartInstanceRefreshInput): { InstanceRefreshId: string } {
    if (this.active(group.name)) throw awsError("autoscaling", "InstanceRefreshInProgress", `An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.`);
    if ((input.Strategy ?? "Rolling") !== "Rolling") throw validation(`Strategy ${input.Strategy} is not supported by the simulator (Rolling only).`);
    if (input.DesiredConfiguration?.MixedInstancesPolicy) throw validation("The simulator supports a DesiredConfiguration with a LaunchTemplate only.");
    const preferences = preferencesOf(input);
    const desiredRef = input.DesiredConfiguration?.LaunchTemplate;
    if (preferences.autoRollback) {
      if (!desiredRef) throw validation("AutoRollback requires a DesiredConfiguration (the configuration to roll back from).");
      if (["$Latest", "$Default", undefined].includes(desiredRef.Version)) throw validation("AutoRollback is not supported with a launch template version of $Latest or $Default; specify a version number.");
    }
    const previous = { ref: { ...group.template }, ...this.host.resolve(group.template) };
    const ref = desiredRef ? { ...desiredRef } : { ...group.template };
    const refresh: Refresh = {
      id: `${this.ctx.rng.hex(8)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(4)}-${this.ctx.rng.hex(12)}`,
      group: group.name,
      status: "Pending",
      statusReason: "Waiting for the instance refresh to start.",
      startTime: this.ctx.clock.now(),
      preferences,
      target: { ref, ...this.host.resolve(ref) },
      previous,
      ...(desiredRef ? { desiredConfiguration: { LaunchTemplate: { ...desiredRef } } } : {}),
      instancesToUpdate: 0,
      percentageComplete: 0,
      nextCheckpoint: 0,
      replaceAnyway: new Set(preferences.skipMatching ? [] : group.instances().map((i) => i.id)),
    };
    this.byGroup.set(group.name, [refresh, ...(this.byGroup.get(group.name) ?? [])]);
    // Refreshes start asynchronously, as on AWS: Pending, then InProgress at the next tick.
    this.ctx.clock.schedule(0, () => this.advance(group));
    return { InstanceRefreshId: refresh.id };
  }

  cancel(group: RefreshableGroup): { InstanceRefreshId: string } {
    const refresh = this.active(group.name);
    if (!refresh) throw awsError("autoscaling", "ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for Auto Scaling group " + group.name);
    refresh.status = "Cancelled";
    refresh.statusReason = "The instance refresh was cancelled by a user request. Instances already replaced are kept.";
    refresh.endTime = this.ctx.clock.now();
    return { InstanceRefreshId: refresh.id };
  }

  rollBack(group: RefreshableGroup): { InstanceRefreshId: string } {
    const refresh = this.active(group.name);
    if (!refresh || refresh.status === "RollbackInProgress" || refresh.status === "Cancelling")
      throw awsError("autoscaling", "ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for Auto Scaling group " + group.name);
    if (!refresh.desiredConfiguration)
      throw awsError("autoscaling", "IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back: it was started without a desired configuration.");
    this.startRollback(group, refresh, "The instance refresh was rolled back by a user request.");
    return { InstanceRefreshId: refresh.id };
  }

  describe(groupName: string, ids: string[] | undefined) {
    const refreshes = (this.byGroup.get(groupName) ?? []).filter((refresh) => !ids?.length || ids.includes(refresh.id));
    return refreshes.map((refresh) => view(refresh));
  }

  /** Re-examines the group's active refresh: called on every instance change, timer and alarm transition. */
  advance(group: RefreshableGroup): void {
    const refresh = this.active(group.name);
    if (!refresh) return;
    const now = this.ctx.clock.now();
    if (refresh.status === "Pending") {
      refresh.status = "InProgress";
      refresh.statusReason = "";
      refresh.instancesToUpdate = group.instances().filter((i) => i.state !== "Terminating" && !this.matches(refresh, i)).length;
    }
    if (refresh.status !== "RollbackInProgress") {
      const firing = refresh.preferences.alarms.find((name) => this.host.alarmState(name) === "ALARM");
      if (firing) return this.fail(group, refresh, `The instance refresh failed because alarm ${firing} is in ALARM state.`);
    }
    const live = group.instances().filter((i) => i.state !== "Terminating");
    const desired = group.desired;
    const onTarget = live.filter((i) => this.matches(refresh, i));
    const upOnTarget = onTarget.filter((i) => i.state === "InService").length;
    const others = live.filter((i) => !this.matches(refresh, i));
    // In a rollback PercentageComplete "does not include instances that are replaced during a rollback" and
    // "gradually goes back down to zero" (API_InstanceRefresh): the share still on the configuration rolled back from.
    refresh.percentageComplete = refresh.rollback && refresh.status === "RollbackInProgress"
      ? Math.min(refresh.rollback.percentageCompleteOnRollback, desired === 0 ? 0 : Math.floor((100 * live.filter((i) => i.state === "InService" && i.version === refresh.rollback!.from.version && i.imageId === refresh.rollback!.from.imageId).length) / desired))
      : desired === 0 ? 100 : Math.min(100, Math.floor((100 * upOnTarget) / desired));
    refresh.instancesToUpdate = Math.max(0, desired - upOnTarget);
    const inService = live.filter((i) => i.state === "InService").length;
    // Below 100% at least one instance can always be replaced (90% of 2 instances still replaces one at a time).
    const minHealthy = refresh.preferences.minHealthy >= 100 ? desired : Math.min(Math.floor((desired * refresh.preferences.minHealthy) / 100), Math.max(0, desired - 1));
    const rollingBack = refresh.status === "RollbackInProgress";

    // Old instances beyond desired capacity (their replacements are up) go first, never below the minimum.
    let removable = Math.max(0, inService - minHealthy);
    let surplus = Math.max(0, live.length - desired);
    for (const instance of others.filter((i) => i.state === "Pending").concat(others.filter((i) => i.state === "InService"))) {
      if (surplus === 0) break;
      if (instance.state === "InService") {
        if (removable === 0) break;
        removable--;
      }
      this.host.terminate(group.name, instance.id, "an instance refresh replaced it");
      surplus--;
    }
    const remainingOthers = group.instances().filter((i) => i.state !== "Terminating" && !this.matches(refresh, i));

    // Done once the old instances are gone too (a terminating one is still being replaced).
    const terminating = group.instances().some((i) => i.state === "Terminating");
    if (remainingOthers.length === 0 && upOnTarget >= desired) return terminating ? undefined : this.finish(group, refresh, now);
    if (refresh.pausedUntil !== undefined && now < refresh.pausedUntil) return;
    if (refresh.pausedUntil !== undefined) {
      refresh.pausedUntil = undefined;
      refresh.statusReason = "";
    }
    // A checkpoint reached: pause for CheckpointDelay (none is announced at 100%, where the refresh ends).
    const checkpoints = rollingBack ? [] : refresh.preferences.checkpoints;
    const checkpoint = checkpoints[refresh.nextCheckpoint];
    if (checkpoint !== undefined && refresh.percentageComplete >= checkpoint) {
      while (refresh.nextCheckpoint < checkpoints.length && refresh.percentageComplete >= checkpoints[refresh.nextCheckpoint]!) refresh.nextCheckpoint++;
      if (checkpoint < 100) {
        refresh.pausedUntil = now + refresh.preferences.checkpointDelayMs;
        refresh.statusReason = `Waiting at checkpoint ${checkpoint}% for ${refresh.preferences.checkpointDelayMs / 1000} seconds (CheckpointDelay).`;
        this.ctx.clock.schedule(refresh.preferences.checkpointDelayMs, () => this.advance(group));
        return;
      }
    }
    // The next batch: up to the next checkpoint's share, within the maximum (and the minimum, terminating first).
    const legPercent = checkpoints[refresh.nextCheckpoint] ?? 100;
    const legTarget = Math.min(desired, Math.ceil((desired * legPercent) / 100));
    const now2 = group.instances().filter((i) => i.state !== "Terminating");
    const neededNew = Math.max(0, legTarget - now2.filter((i) => this.matches(refresh, i)).length);
    if (neededNew === 0) return;
    const maxLive = Math.max(desired, Math.floor((desired * refresh.preferences.maxHealthy) / 100));
    let room = maxLive - now2.length;
    if (room <= 0 && refresh.preferences.minHealthy >= 100 && !now2.some((i) => i.state === "Pending")) room = 1;
    // A replaced instance still Pending serves nothing, so taking it out costs no healthy capacity: it goes first
    // (a rollback replacing a new instance that never booted; Auto Scaling's health checks would replace it too).
    for (const instance of now2.filter((i) => i.state === "Pending" && !this.matches(refresh, i))) {
      if (room >= neededNew) break;
      this.host.terminate(group.name, instance.id, "an instance refresh replaced it");
      room++;
    }
    if (room < neededNew && refresh.preferences.minHealthy < 100) {
      // Terminate first: take old InService instances out, down to the minimum healthy.
      const upNow = now2.filter((i) => i.state === "InService").length;
      let take = Math.min(neededNew - Math.max(0, room), Math.max(0, upNow - minHealthy));
      for (const instance of now2.filter((i) => !this.matches(refresh, i))) {
        if (take <= 0) break;
        this.host.terminate(group.name, instance.id, "an instance refresh replaced it");
        take--;
        room++;
      }
    }
    for (let n = 0; n < Math.min(neededNew, room); n++) {
      if (!this.host.launch(group.name, refresh.target, rollingBack ? "an instance refresh rollback launched a replacement" : "an instance refresh launched a replacement")) break;
    }
  }

  private matches(refresh: Refresh, instance: { id: string; version: number; imageId: string }): boolean {
    if (refresh.status !== "RollbackInProgress" && refresh.replaceAnyway.has(instance.id)) return false;
    return instance.version === refresh.target.version && instance.imageId === refresh.target.imageId;
  }

  private finish(group: RefreshableGroup, refresh: Refresh, now: number): void {
    if (refresh.status === "RollbackInProgress") {
      refresh.percentageComplete = 0;
      refresh.status = "RollbackSuccessful";
      refresh.statusReason = "The instance refresh was rolled back: the group runs its previous configuration.";
      refresh.endTime = now;
      return;
    }
    const bakeMs = refresh.preferences.bakeTimeMs;
    if (bakeMs > 0 && refresh.bakingUntil === undefined) {
      refresh.bakingUntil = now + bakeMs;
      refresh.status = "Baking";
      refresh.statusReason = `Baking for ${bakeMs / 1000} seconds (BakeTime) before the instance refresh completes.`;
      this.ctx.clock.schedule(bakeMs, () => this.advance(group));
      return;
    }
    if (refresh.bakingUntil !== undefined && now < refresh.bakingUntil) return;
    refresh.status = "Successful";
    refresh.statusReason = "";
    refresh.percentageComplete = 100;
    refresh.endTime = now;
    if (refresh.desiredConfiguration) this.host.setTemplate(group.name, refresh.target.ref);
  }

  private fail(group: RefreshableGroup, refresh: Refresh, reason: string): void {
    if (refresh.preferences.autoRollback && refresh.desiredConfiguration) return this.startRollback(group, refresh, reason);
    refresh.status = "Failed";
    refresh.statusReason = reason;
    refresh.endTime = this.ctx.clock.now();
  }

  private startRollback(group: RefreshableGroup, refresh: Refresh, reason: string): void {
    refresh.rollback = {
      reason,
      startTime: this.ctx.clock.now(),
      percentageCompleteOnRollback: refresh.percentageComplete,
      instancesToUpdateOnRollback: group.instances().filter((i) => i.state !== "Terminating" && this.matches(refresh, i)).length,
      from: { version: refresh.target.version, imageId: refresh.target.imageId },
    };
    refresh.status = "RollbackInProgress";
    refresh.statusReason = reason;
    refresh.target = refresh.previous;
    refresh.pausedUntil = undefined;
    refresh.bakingUntil = undefined;
    this.ctx.clock.schedule(0, () => this.advance(group));
  }
}

function preferencesOf(input: StartInstanceRefreshInput): Preferences {
  const p = input.Preferences ?? {};
  const minHealthy = p.MinHealthyPercentage ?? 90;
  const maxHealthy = p.MaxHealthyPercentage ?? 100;
  if (minHealthy < 0 || minHealthy > 100) throw validation("MinHealthyPercentage must be between 0 and 100.");
  if (maxHealthy < 100 || maxHealthy > 200) throw validation("MaxHealthyPercentage must be between 100 and 200.");
  if (p.MaxHealthyPercentage !== undefined && p.MinHealthyPercentage === undefined) throw validation("MinHealthyPercentage is required when MaxHealthyPercentage is specified.");
  if (maxHealthy - minHealthy > 100) throw validation("The difference between MaxHealthyPercentage and MinHealthyPercentage cannot exceed 100.");
  const checkpoints = p.CheckpointPercentages ?? [];
  if (checkpoints.some((c, i) => c < 1 || c > 100 || (i > 0 && c <= checkpoints[i - 1]!))) throw validation("CheckpointPercentages must be unique, ascending values between 1 and 100.");
  if (p.CheckpointDelay !== undefined && checkpoints.length === 0) throw validation("CheckpointDelay can only be specified with CheckpointPercentages.");
  const delay = p.CheckpointDelay ?? DEFAULT_CHECKPOINT_DELAY_SECONDS;
  const bake = p.BakeTime ?? 0;
  if (delay < 0 || delay > MAX_WAIT_SECONDS) throw validation(`CheckpointDelay must be between 0 and ${MAX_WAIT_SECONDS}.`);
  if (bake < 0 || bake > MAX_WAIT_SECONDS) throw validation(`BakeTime must be between 0 and ${MAX_WAIT_SECONDS}.`);
  const alarms = p.AlarmSpecification?.Alarms ?? [];
  if (alarms.length > 10) throw validation("AlarmSpecification accepts at most 10 alarms.");
  return {
    minHealthy,
    maxHealthy,
    checkpoints,
    checkpointDelayMs: delay * 1000,
    bakeTimeMs: bake * 1000,
    skipMatching: p.SkipMatching ?? false,
    autoRollback: p.AutoRollback ?? false,
    alarms,
  };
}

function view(refresh: Refresh) {
  return {
    InstanceRefreshId: refresh.id,
    AutoScalingGroupName: refresh.group,
    Status: refresh.status,
    StatusReason: refresh.statusReason,
    StartTime: new Date(refresh.startTime),
    ...(refresh.endTime !== undefined ? { EndTime: new Date(refresh.endTime) } : {}),
    PercentageComplete: refresh.percentageComplete,
    InstancesToUpdate: refresh.instancesToUpdate,
    Preferences: {
      MinHealthyPercentage: refresh.preferences.minHealthy,
      MaxHealthyPercentage: refresh.preferences.maxHealthy,
      ...(refresh.preferences.checkpoints.length > 0 ? { CheckpointPercentages: refresh.preferences.checkpoints, CheckpointDelay: refresh.preferences.checkpointDelayMs / 1000 } : {}),
      SkipMatching: refresh.preferences.skipMatching,
      AutoRollback: refresh.preferences.autoRollback,
      BakeTime: refresh.preferences.bakeTimeMs / 1000,
      ...(refresh.preferences.alarms.length > 0 ? { AlarmSpecification: { Alarms: refresh.preferences.alarms } } : {}),
    },
    ...(refresh.desiredConfiguration ? { DesiredConfiguration: refresh.desiredConfiguration } : {}),
    ...(refresh.rollback
      ? {
          RollbackDetails: {
            RollbackReason: refresh.rollback.reason,
            RollbackStartTime: new Date(refresh.rollback.startTime),
            PercentageCompleteOnRollback: refresh.rollback.percentageCompleteOnRollback,
            InstancesToUpdateOnRollback: refresh.rollback.instancesToUpdateOnRollback,
          },
        }
      : {}),
  };
}

function validation(message: string): Error {
  return awsError("autoscaling", "ValidationError", message);
}
