// One group, immutable strategy (Elastic Beanstalk's meaning): a temporary Auto Scaling group at the group's
// full size on the new launch template version, put behind the group's own target groups once healthy, then
// cut over (its instances move into the group, the old ones leave) or, on rollback, drained and deleted.
// Every call is idempotent on what it finds, so Lambda's retries and the state machine's loops can repeat it.
import {
  AttachInstancesCommand,
  AttachTrafficSourcesCommand,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeTrafficSourcesCommand,
  DetachInstancesCommand,
  DetachTrafficSourcesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type TrafficSourceIdentifier,
} from "@aws-sdk/client-auto-scaling";
import { FleetNotHealthyError } from "../errors.ts";
import { callAws } from "./errors.ts";
import type { LaunchTemplates } from "./launch-templates.ts";
import type { CutOverView, TemporaryGroupRemoval, TemporaryGroupRequest } from "./ports.ts";

export function makeTemporaryGroups(autoscaling: AutoScalingClient, launchTemplates: LaunchTemplates) {
  async function describeGroup(group: string): Promise<AutoScalingGroup | undefined> {
    const response = await callAws(`Auto Scaling DescribeAutoScalingGroups ${group}`, () =>
      autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] })),
    );
    return response.AutoScalingGroups?.[0];
  }

  async function trafficSourcesOf(group: string): Promise<Array<{ identifier: TrafficSourceIdentifier; state: string }>> {
    const response = await callAws(`Auto Scaling DescribeTrafficSources ${group}`, () => autoscaling.send(new DescribeTrafficSourcesCommand({ AutoScalingGroupName: group })));
    return (response.TrafficSources ?? []).map((source) => ({ identifier: { Identifier: source.Identifier ?? "", ...(source.Type ? { Type: source.Type } : {}) }, state: source.State ?? "" }));
  }

  const inService = (group: AutoScalingGroup | undefined) => (group?.Instances ?? []).filter((instance) => instance.LifecycleState === "InService");

  return {
    /**
     * Creates the temporary group (or finds the one this deployment created): a new launch template version with
     * the image, sized as the group is now (desired, min, max), tagged for IAM and the sweep, behind no load balancer.
     */
    async launchTemporaryGroup(request: TemporaryGroupRequest): Promise<{ ref: string; size: { min: number; max: number; desired: number } }> {
      const description = `glidepath ${request.reference}`.slice(0, 255);
      const existing = await describeGroup(request.temporaryGroup);
      const existingVersion = existing?.LaunchTemplate?.Version;
      if (existing && existingVersion && (await launchTemplates.describeVersion({ id: request.launchTemplateId }, existingVersion))?.description === description)
        return { ref: existingVersion, size: { min: existing.MinSize ?? 0, max: existing.MaxSize ?? 0, desired: existing.DesiredCapacity ?? 0 } };
      if (existing) throw new FleetNotHealthyError(`cannot create temporary group ${request.temporaryGroup}: a group of that name exists and runs no version of this deployment`);
      const original = await describeGroup(request.group);
      if (!original) throw new FleetNotHealthyError(`cannot deploy to ${request.group}: the Auto Scaling group does not exist`);
      // Checked before anything is made: a group behind no target group has no endpoint to share.
      if ((await trafficSourcesOf(request.group)).length === 0)
        throw new FleetNotHealthyError(`cannot deploy ${request.group} immutably: it has no traffic source (load balancer target group) for a temporary group to share; attach one, or use rolling`);
      // The same count as the group runs now (Elastic Beanstalk matches the original's instances), at least one.
      const desired = Math.max(1, original.DesiredCapacity ?? 0);
      const size = { min: desired, max: desired, desired };
      const ref = await launchTemplates.createVersion(request.launchTemplateId, request.imageId, description);
      await callAws(`Auto Scaling CreateAutoScalingGroup ${request.temporaryGroup}`, () =>
        autoscaling.send(
          new CreateAutoScalingGroupCommand({
            AutoScalingGroupName: request.temporaryGroup,
            LaunchTemplate: { LaunchTemplateId: request.launchTemplateId, Version: ref },
            MinSize: size.min,
            MaxSize: size.max,
            DesiredCapacity: size.desired,
            ...(original.VPCZoneIdentifier ? { VPCZoneIdentifier: original.VPCZoneIdentifier } : { AvailabilityZones: original.AvailabilityZones }),
            Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
          }),
        ),
      );
      return { ref, size };
    },

    /** Attaches the group's own traffic sources (its target groups) to the temporary group: both now serve. */
    async serveTemporaryGroup({ group, temporaryGroup }: { group: string; temporaryGroup: string }): Promise<{ sources: string[] }> {
      const sources = (await trafficSourcesOf(group)).filter((source) => source.state !== "Removing" && source.state !== "Removed").map((source) => source.identifier);
      if (sources.length === 0) throw new FleetNotHealthyError(`cannot put ${temporaryGroup} in service: ${group} has no traffic source (load balancer target group) to share`);
      await callAws(`Auto Scaling AttachTrafficSources ${temporaryGroup}`, () => autoscaling.send(new AttachTrafficSourcesCommand({ AutoScalingGroupName: temporaryGroup, TrafficSources: sources })));
      return { sources: sources.map((source) => source.Identifier ?? "") };
    },

    /**
     * Moves the temporary group's instances into the group, then takes the old ones out (Auto Scaling deregisters
     * and drains each before terminating it), then deletes the empty temporary group. The group keeps serving
     * throughout: the new instances join before any old one leaves, and an old one leaves only once the group
     * runs as many InService instances of the new version as it wants.
     */
    async cutOver({ group, temporaryGroup, launchTemplateId, ref }: { group: string; temporaryGroup: string; launchTemplateId: string; ref: string }): Promise<CutOverView> {
      let original = await describeGroup(group);
      if (!original) throw new FleetNotHealthyError(`cannot cut over to ${group}: the Auto Scaling group does not exist`);
      const temporary = await describeGroup(temporaryGroup);
      const moving = inService(temporary).map((instance) => instance.InstanceId ?? "");
      const desired = original.DesiredCapacity ?? 0;
      const originalMax = original.MaxSize ?? 0;
      const roomyMax = Math.max(originalMax, desired + moving.length);
      if (moving.length > 0) {
        // Room for old and new side by side, and the new version for whatever the group launches from now on.
        await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () =>
          autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: ref }, MaxSize: roomyMax })),
        );
        // DetachInstances may not take a group below its minimum: the temporary group's goes to 0 first.
        await callAws(`Auto Scaling UpdateAutoScalingGroup ${temporaryGroup}`, () => autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: temporaryGroup, MinSize: 0 })));
        await callAws(`Auto Scaling DetachInstances ${temporaryGroup}`, () =>
          autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: temporaryGroup, InstanceIds: moving, ShouldDecrementDesiredCapacity: true })),
        );
        await callAws(`Auto Scaling AttachInstances ${group}`, () => autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: group, InstanceIds: moving })));
        original = await describeGroup(group);
      }
      const onNew = inService(original).filter((instance) => instance.LaunchTemplate?.Version === ref);
      const old = (original?.Instances ?? []).filter((instance) => instance.LaunchTemplate?.Version !== ref && !instance.LifecycleState?.startsWith("Terminat"));
      const wanted = Math.max(1, desired);
      // Never shrink the group below what it serves with: the old instances leave only once enough new ones serve.
      if (onNew.length < wanted && old.length > 0)
        throw new FleetNotHealthyError(`cannot cut ${group} over: ${onNew.length} InService instances run launch template version ${ref}, fewer than the ${wanted} it serves with; the old instances stay`);
      for (const instance of old)
        await callAws(`Auto Scaling TerminateInstanceInAutoScalingGroup ${instance.InstanceId ?? ""}`, () =>
          autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: instance.InstanceId, ShouldDecrementDesiredCapacity: true })),
        );
      // Each termination took one off the desired capacity, so the group is back at its size: its maximum too.
      if (moving.length > 0 && roomyMax > originalMax)
        await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () => autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MaxSize: originalMax })));
      if (temporary) await callAws(`Auto Scaling DeleteAutoScalingGroup ${temporaryGroup}`, () => autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: temporaryGroup, ForceDelete: true })));
      return { moved: moving.length, terminated: old.length, reason: `${group} runs ${onNew.length} instances of launch template version ${ref}: moved ${moving.length} from ${temporaryGroup}, took ${old.length} old instance${old.length === 1 ? "" : "s"} out (drained, then terminated), deleted ${temporaryGroup}` };
    },

    /**
     * Rollback and cleanup: takes the temporary group out of its target groups, and once they have drained it
     * (in-flight requests done), deletes it with its instances. Call again while `draining`.
     */
    async removeTemporaryGroup(temporaryGroup: string): Promise<TemporaryGroupRemoval> {
      const found = await describeGroup(temporaryGroup);
      if (!found) return { state: "absent", reason: `temporary group ${temporaryGroup} does not exist` };
      const sources = await trafficSourcesOf(temporaryGroup);
      const attached = sources.filter((source) => source.state !== "Removing" && source.state !== "Removed").map((source) => source.identifier);
      if (attached.length > 0)
        await callAws(`Auto Scaling DetachTrafficSources ${temporaryGroup}`, () => autoscaling.send(new DetachTrafficSourcesCommand({ AutoScalingGroupName: temporaryGroup, TrafficSources: attached })));
      if (sources.length > 0) return { state: "draining", reason: `took temporary group ${temporaryGroup} out of its load balancer; draining before it is deleted` };
      await callAws(`Auto Scaling DeleteAutoScalingGroup ${temporaryGroup}`, () => autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: temporaryGroup, ForceDelete: true })));
      return { state: "deleted", reason: `deleted temporary group ${temporaryGroup} and its ${found.Instances?.length ?? 0} instances` };
    },
  };
}
