// One slot as an Auto Scaling group: a new launch template version carries the AMI; readiness is counted
// on instances running that exact version.
import {
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScalingActivitiesCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
  type InstanceRefresh,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
} from "@aws-sdk/client-auto-scaling";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { FleetNotHealthyError } from "../errors.ts";
import { canarySize } from "../core/canary-scale.ts";
import { awsErrorName, callAws } from "./errors.ts";
import { groupLaunchImage } from "./launch-image.ts";
import { makeEc2LaunchTemplates, type LaunchTemplates } from "./launch-templates.ts";
import { makeScalingPolicies, type ScalingPolicies } from "./scaling-policies.ts";
import { makeTemporaryGroups } from "./temporary-group.ts";
import type { Fleet, FleetStatus, RefreshView } from "./ports.ts";

export function makeAutoScalingFleet(autoscaling: AutoScalingClient, ec2: EC2Client): Fleet {
  return makeGroupFleet(autoscaling, makeEc2LaunchTemplates(ec2), makeScalingPolicies(autoscaling));
}

/**
 * The Auto Scaling fleet over any launch templates: a Lambda that never makes or reads a launch template
 * version passes ones that refuse (adapters/env/fleets.ts), and its bundle then carries no EC2 client; one that
 * never deploys passes scaling policies that refuse, and carries none of the policy calls.
 */
export function makeGroupFleet(autoscaling: AutoScalingClient, launchTemplates: LaunchTemplates, policies: ScalingPolicies): Fleet {
  async function describeGroup(group: string): Promise<AutoScalingGroup | undefined> {
    const response = await callAws(`Auto Scaling DescribeAutoScalingGroups ${group}`, () =>
      autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] })),
    );
    return response.AutoScalingGroups?.[0];
  }

  /** The group's launch template version, if it is the one this deployment made (by its description). */
  async function versionOnGroup(group: string, launchTemplateId: string, description: string): Promise<string | undefined> {
    const version = (await describeGroup(group))?.LaunchTemplate?.Version;
    if (!version || !/^\d+$/.test(version)) return undefined;
    return (await launchTemplates.describeVersion({ id: launchTemplateId }, version))?.description === description ? version : undefined;
  }

  /**
   * The idle slot is normally at zero. If it still runs instances on an older version (kept warm after a
   * rollback), replace them: they serve no traffic, so no healthy minimum is needed. A refresh already
   * running (a retried invocation started it) is doing exactly that.
   */
  async function refreshStaleInstances(group: string, ref: string): Promise<void> {
    const current = await describeGroup(group);
    const stale = (current?.Instances ?? []).some((i) => i.LifecycleState !== "Terminating" && i.LaunchTemplate?.Version !== ref);
    if (!stale) return;
    try {
      await callAws(`Auto Scaling StartInstanceRefresh ${group}`, () =>
        autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group, Preferences: { MinHealthyPercentage: 0, SkipMatching: true } })),
      );
    } catch (error) {
      // The SDK names the modeled error after its shape (the wire code is InstanceRefreshInProgress).
      if (awsErrorName(error) !== "InstanceRefreshInProgressFault") throw error;
    }
  }

  async function setSize(group: string, size: { min: number; max: number; desired: number }): Promise<void> {
    await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () =>
      autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MinSize: size.min, MaxSize: size.max, DesiredCapacity: size.desired })),
    );
  }

  async function newestRefresh(group: string): Promise<InstanceRefresh | undefined> {
    const response = await callAws(`Auto Scaling DescribeInstanceRefreshes ${group}`, () =>
      autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, MaxRecords: 1 })),
    );
    return [...(response.InstanceRefreshes ?? [])].sort((x, y) => (y.StartTime?.getTime() ?? 0) - (x.StartTime?.getTime() ?? 0))[0];
  }

  return {
    ...makeTemporaryGroups(autoscaling, launchTemplates, policies),

    async deploy({ group, imageId, capacity, reference, launchTemplateId, sizeFrom, scalePercent }) {
      if (!launchTemplateId) throw new FleetNotHealthyError(`cannot deploy ${group}: fleet.launchTemplateId is required for autoscaling`);
      const description = `glidepath ${reference}`.slice(0, 255);
      // A retried invocation (Lambda's retrier) finds the version it made last time already on the group:
      // reuse it rather than make another and start a second refresh.
      const previous = await versionOnGroup(group, launchTemplateId, description);
      // Sized from the live fleet when it runs: a fleet that autoscaled to 6 is not replaced by 2 instances.
      const live = sizeFrom ? await describeGroup(sizeFrom) : undefined;
      const liveSize = live && (live.DesiredCapacity ?? 0) > 0 ? { min: live.MinSize ?? 0, max: live.MaxSize ?? capacity, desired: live.DesiredCapacity ?? capacity } : undefined;
      const size = liveSize && scalePercent !== undefined ? canarySize(liveSize, scalePercent) : liveSize;
      // And it scales as the live one does; a live group that runs nothing (a first deployment) has nothing to teach.
      const copyPolicies = async () => (size && sizeFrom ? { scalingPolicies: await policies.mirror(sizeFrom, group) } : {});
      if (previous) {
        // A canary fleet asked for at a new size (the scaleFleet step, or a retried Prepare): set it.
        if (size && scalePercent !== undefined) await setSize(group, size);
        await refreshStaleInstances(group, previous);
        return { ref: previous, ...(size && scalePercent !== undefined ? { size } : {}), ...(await copyPolicies()) };
      }
      const ref = await launchTemplates.createVersion(launchTemplateId, imageId, description);
      // A numbered version (not $Latest) so the group keeps launching this image whatever is created later.
      await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () =>
        autoscaling.send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: group,
            LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: ref },
            MinSize: size?.min ?? capacity,
            MaxSize: size?.max ?? capacity,
            DesiredCapacity: size?.desired ?? capacity,
          }),
        ),
      );
      await refreshStaleInstances(group, ref);
      return { ref, ...(size ? { size } : {}), ...(await copyPolicies()) };
    },

    async status({ group, ref }): Promise<FleetStatus> {
      const found = await describeGroup(group);
      if (!found) return { ready: false, failed: true, desired: 0, inService: 0, reason: `Auto Scaling group ${group} does not exist` };
      const desired = found.DesiredCapacity ?? 0;
      const serving = (found.Instances ?? []).filter((i) => i.LifecycleState === "InService" && i.HealthStatus === "Healthy");
      const inService = serving.filter((i) => i.LaunchTemplate?.Version === ref).length;
      const counts = { desired, inService, groupInService: serving.length };
      const progress = `${inService}/${desired} instances InService and Healthy on launch template version ${ref}`;
      if (desired > 0 && inService >= desired) return { ready: true, failed: false, ...counts, reason: progress };
      const failure = await latestFailedActivity(autoscaling, group);
      if (failure) return { ready: false, failed: true, ...counts, reason: `${progress}; scaling failed: ${failure}` };
      return { ready: false, failed: false, ...counts, reason: progress };
    },

    async resize({ group, sizeFrom, percent }) {
      const [target, live] = [await describeGroup(group), await describeGroup(sizeFrom)];
      if (!target) throw new FleetNotHealthyError(`cannot resize ${group}: the Auto Scaling group does not exist`);
      const ref = target.LaunchTemplate?.Version ?? "";
      if (!live || (live.DesiredCapacity ?? 0) === 0) return { ref };
      const size = canarySize({ min: live.MinSize ?? 0, max: live.MaxSize ?? 0, desired: live.DesiredCapacity ?? 0 }, percent);
      await setSize(group, size);
      return { ref, size };
    },

    async scaleDown(group) {
      // MaxSize 0 too: Auto Scaling keeps desired capacity between the group's minimum and maximum, so with both at
      // 0 no scaling policy the group carries (copied from the live one) can launch into the retired fleet.
      await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () =>
        autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MinSize: 0, MaxSize: 0, DesiredCapacity: 0 })),
      );
    },

    async launchImages(group) {
      const imageId = await groupLaunchImage(autoscaling, launchTemplates, group);
      return imageId ? [imageId] : [];
    },

    async startRefresh(request) {
      const description = `glidepath ${request.reference}`.slice(0, 255);
      // A retried invocation, or the next step, finds the refresh this deployment started, whatever became of
      // it (its desired version carries this deployment's description): never a second one.
      const newest = await newestRefresh(request.group);
      const version = newest?.DesiredConfiguration?.LaunchTemplate?.Version;
      if (newest && version && (await versionDescribedAs(request.launchTemplateId, version, description))) return { ...viewOf(newest), outcome: "found" };
      // Auto Scaling allows one refresh per group: the caller waits for the other one (never cancels it).
      if (newest && ACTIVE_REFRESH.has(newest.Status ?? "")) return { ...viewOf(newest), outcome: "busy" };
      const ref = await launchTemplates.createVersion(request.launchTemplateId, request.imageId, description);
      // A numbered version and the alarms: Auto Scaling itself rolls back if one fires, even with no execution left.
      const started = await callAws(`Auto Scaling StartInstanceRefresh ${request.group}`, () =>
        autoscaling.send(
          new StartInstanceRefreshCommand({
            AutoScalingGroupName: request.group,
            Strategy: "Rolling",
            DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: request.launchTemplateId, Version: ref } },
            Preferences: {
              MinHealthyPercentage: request.minHealthyPercentage,
              MaxHealthyPercentage: request.maxHealthyPercentage,
              ...(request.checkpointPercentages.length > 0 ? { CheckpointPercentages: request.checkpointPercentages, CheckpointDelay: request.checkpointDelaySeconds } : {}),
              BakeTime: request.bakeTimeSeconds,
              SkipMatching: false,
              AutoRollback: true,
              ...(request.alarms.length > 0 ? { AlarmSpecification: { Alarms: request.alarms } } : {}),
            },
          }),
        ),
      );
      return { refreshId: started.InstanceRefreshId ?? "", status: "Pending", percentageComplete: 0, statusReason: "", version: ref, outcome: "started" };
    },

    async refreshStatus(group) {
      const newest = await newestRefresh(group);
      return newest ? viewOf(newest) : null;
    },

    async restoreRefresh(group, before) {
      const response = await callAws(`Auto Scaling DescribeInstanceRefreshes ${group}`, () =>
        autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: group, MaxRecords: RESTORE_LOOKBACK })),
      );
      const refreshes = [...(response.InstanceRefreshes ?? [])].sort((x, y) => (y.StartTime?.getTime() ?? 0) - (x.StartTime?.getTime() ?? 0));
      const running = refreshes.find((refresh) => ACTIVE_REFRESH.has(refresh.Status ?? ""));
      if (running) return { ...viewOf(running), outcome: "busy" };
      const live = refreshes.find((refresh) => refresh.Status === "Successful" && (refresh.StartTime?.getTime() ?? Infinity) < before && refresh.DesiredConfiguration?.LaunchTemplate?.Version);
      if (!live?.DesiredConfiguration?.LaunchTemplate) return null;
      const template = live.DesiredConfiguration.LaunchTemplate;
      // Its numbered version as it was; every instance launched before one is terminated (capacity never drops),
      // and only instances not on it are replaced. No alarms: the release being taken off may be what fires them.
      const started = await callAws(`Auto Scaling StartInstanceRefresh ${group}`, () =>
        autoscaling.send(
          new StartInstanceRefreshCommand({
            AutoScalingGroupName: group,
            Strategy: "Rolling",
            DesiredConfiguration: { LaunchTemplate: { ...(template.LaunchTemplateId ? { LaunchTemplateId: template.LaunchTemplateId } : { LaunchTemplateName: template.LaunchTemplateName }), Version: template.Version } },
            Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: true },
          }),
        ),
      );
      return { refreshId: started.InstanceRefreshId ?? "", status: "Pending", percentageComplete: 0, statusReason: "", version: template.Version ?? null, outcome: "started" };
    },

    async rollBackRefresh(group) {
      try {
        await callAws(`Auto Scaling RollbackInstanceRefresh ${group}`, () => autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: group })));
      } catch (error) {
        // Nothing running to roll back (it finished, or Auto Scaling already rolls it back): say what there is.
        if (awsErrorName(error) !== "ActiveInstanceRefreshNotFoundFault") throw error;
      }
      const newest = await newestRefresh(group);
      return newest ? viewOf(newest) : null;
    },
  };

  async function versionDescribedAs(launchTemplateId: string, version: string, description: string): Promise<boolean> {
    return (await launchTemplates.describeVersion({ id: launchTemplateId }, version))?.description === description;
  }
}

/** How many of a group's refreshes, newest first, a restore looks through for the live release's. */
const RESTORE_LOOKBACK = 20;

/** Statuses of a refresh that still runs (one per group at a time). */
const ACTIVE_REFRESH = new Set(["Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress"]);

function viewOf(refresh: InstanceRefresh): RefreshView {
  return {
    refreshId: refresh.InstanceRefreshId ?? "",
    status: refresh.Status ?? "Pending",
    percentageComplete: refresh.PercentageComplete ?? 0,
    statusReason: refresh.StatusReason ?? "",
    version: refresh.DesiredConfiguration?.LaunchTemplate?.Version ?? null,
    ...(refresh.StartTime ? { startedAt: refresh.StartTime.getTime() } : {}),
  };
}

/**
 * The newest scaling activity's failure message when that activity failed. Only the newest counts: Auto
 * Scaling retries failed launches itself, and a later activity in progress means it is still trying.
 */
async function latestFailedActivity(autoscaling: AutoScalingClient, group: string): Promise<string | undefined> {
  const response = await callAws(`Auto Scaling DescribeScalingActivities ${group}`, () =>
    autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: group, MaxRecords: 10 })),
  );
  const newest = [...(response.Activities ?? [])].sort((x, y) => (y.StartTime?.getTime() ?? 0) - (x.StartTime?.getTime() ?? 0))[0];
  if (newest?.StatusCode !== "Failed" && newest?.StatusCode !== "Cancelled") return undefined;
  return newest.StatusMessage ?? newest.Description ?? `activity ${newest.ActivityId ?? "?"} ${newest.StatusCode}`;
}
