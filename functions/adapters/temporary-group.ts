// One group, immutable strategy (Elastic Beanstalk's meaning): a temporary Auto Scaling group at the group's
// full size on the new launch template version, put behind the group's own target groups once healthy, then
// cut over (its instances move into the group, the old ones leave) or, on rollback, drained and deleted.
// Every call is idempotent on what it finds, so Lambda's retries and the state machine's loops can repeat it.
import {
  AttachTrafficSourcesCommand,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeTrafficSourcesCommand,
  DetachTrafficSourcesCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type TrafficSourceIdentifier,
} from "@aws-sdk/client-auto-scaling";
import { FleetNotHealthyError } from "../errors.ts";
import { callAws } from "./errors.ts";
import type { LaunchTemplates } from "./launch-templates.ts";
import type { PolicyMirror, TemporaryGroupRemoval, TemporaryGroupRemovalRequest, TemporaryGroupRequest } from "./ports.ts";
import type { ScalingPolicies } from "./scaling-policies.ts";
import { makeCutOvers } from "./temporary-group-cut-over.ts";

export function makeTemporaryGroups(autoscaling: AutoScalingClient, launchTemplates: LaunchTemplates, policies: ScalingPolicies) {
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

  const cutOvers = makeCutOvers(autoscaling);

  return {
    /**
     * Creates the temporary group (or finds the one this deployment created): a new launch template version with
     * the image, as many instances as the group runs now (min = desired, max the group's), tagged for IAM and the
     * sweep, behind no load balancer.
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
      // The same count as the group runs now (Elastic Beanstalk matches the original's instances), at least one,
      // never fewer: the cut-over needs that many. Up to the group's maximum, as its copied scaling policies may
      // take it; the cut-over and its undo put the group's maximum back from this one.
      const desired = Math.max(1, original.DesiredCapacity ?? 0);
      const size = { min: desired, max: Math.max(desired, original.MaxSize ?? 0), desired };
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

    /**
     * Gives the temporary group the group's dynamic scaling policies, then attaches the group's own traffic sources
     * (its target groups) to it: both now serve, and both scale with the load they share (the temporary group
     * up to the group's maximum, never below its size). Deleting the temporary group deletes its policies with it.
     */
    async serveTemporaryGroup({ group, temporaryGroup }: { group: string; temporaryGroup: string }): Promise<{ sources: string[]; scalingPolicies: PolicyMirror }> {
      const sources = (await trafficSourcesOf(group)).filter((source) => source.state !== "Removing" && source.state !== "Removed").map((source) => source.identifier);
      if (sources.length === 0) throw new FleetNotHealthyError(`cannot put ${temporaryGroup} in service: ${group} has no traffic source (load balancer target group) to share`);
      const scalingPolicies = await policies.mirror(group, temporaryGroup);
      await callAws(`Auto Scaling AttachTrafficSources ${temporaryGroup}`, () => autoscaling.send(new AttachTrafficSourcesCommand({ AutoScalingGroupName: temporaryGroup, TrafficSources: sources })));
      return { sources: sources.map((source) => source.Identifier ?? ""), scalingPolicies };
    },

    /** Moves the temporary group's instances into the group, the old ones out, and deletes it (temporary-group-cut-over.ts). */
    cutOver: cutOvers.cutOver,

    /**
     * Rollback and cleanup: takes the temporary group out of its target groups, undoes an interrupted cut-over
     * (unless the deployment went live: `undoCutOver` false), and once drained (in-flight requests done) deletes
     * it with its instances. Call again while `draining`.
     */
    async removeTemporaryGroup({ group, temporaryGroup, undoCutOver }: TemporaryGroupRemovalRequest): Promise<TemporaryGroupRemoval> {
      const found = await describeGroup(temporaryGroup);
      if (!found) return { state: "absent", reason: `temporary group ${temporaryGroup} does not exist` };
      const sources = await trafficSourcesOf(temporaryGroup);
      const attached = sources.filter((source) => source.state !== "Removing" && source.state !== "Removed").map((source) => source.identifier);
      // Out of the load balancer first, so no instance the undo puts back into it serves again.
      if (attached.length > 0)
        await callAws(`Auto Scaling DetachTrafficSources ${temporaryGroup}`, () => autoscaling.send(new DetachTrafficSourcesCommand({ AutoScalingGroupName: temporaryGroup, TrafficSources: attached })));
      const undo = undoCutOver ? await cutOvers.undoCutOver(group, found) : { actions: [] };
      const undone = undo.actions.length > 0 ? `${undo.actions.join("; ")}; ` : "";
      const said = undo.actions.length > 0 ? { undone: undo.actions } : {};
      if (sources.length > 0) return { state: "draining", reason: `${undone}took temporary group ${temporaryGroup} out of its load balancer; draining before it is deleted`, ...said };
      const left = undo.actions.length > 0 ? ((await describeGroup(temporaryGroup))?.Instances ?? []).length : (found.Instances?.length ?? 0);
      await callAws(`Auto Scaling DeleteAutoScalingGroup ${temporaryGroup}`, () => autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: temporaryGroup, ForceDelete: true })));
      return { state: "deleted", reason: `${undone}deleted temporary group ${temporaryGroup} and its ${left} instances`, ...said };
    },
  };
}
