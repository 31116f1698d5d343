// The immutable cut-over (the temporary group's instances move into the group, the old ones leave) and its undo,
// both resumable from wherever a Lambda died: nothing is kept in memory between calls, everything is read back
// from Auto Scaling. The one window AWS leaves open, an instance detached from the temporary group and not yet
// attached to the group (in no group: running, billed, in no load balancer), is found again from the temporary
// group's scaling activities ("Detaching EC2 instance: i-…"), which Auto Scaling keeps for six weeks.
//
// Which way an interrupted cut-over goes (README "Immutable"):
// - A retry of the cut-over (a transient error, or a Lambda that died: Lambda.Unknown is retried on this Task)
//   finishes it: the new version passed its final bake, and Promote follows.
// - Roll back, cleanup and the reconciler's sweep run when the deployment will not be promoted, so the ledger
//   keeps naming the previous release live: they undo it while every old instance still serves (new instances
//   in the group or in no group go back into the temporary group and are deleted with it; the group's maximum
//   is put back). The group's launch template version changes only after the old instances are gone, so no
//   undo has to put it back. Once old instances were terminated the cut-over is past undoing (it would shrink
//   the group until replacements boot) and is left as it is, with a reason saying so.
import {
  AttachInstancesCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  DetachInstancesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingClient,
  type AutoScalingGroup,
  type Instance,
} from "@aws-sdk/client-auto-scaling";
import { FleetNotHealthyError } from "../errors.ts";
import { callAws } from "./errors.ts";
import type { CutOverView } from "./ports.ts";

/** How Auto Scaling describes the activity of DetachInstances, one per instance. */
const DETACHED = /^Detaching EC2 instance: (i-[0-9a-f]+)/;

const live = (instance: Instance) => !instance.LifecycleState?.startsWith("Terminat");
const ids = (instances: Instance[]) => instances.map((instance) => instance.InstanceId ?? "");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export interface CutOverRequest {
  group: string;
  temporaryGroup: string;
  launchTemplateId: string;
  ref: string;
  /** Asked once before the first old instance is terminated, the point past which no undo is safe: throws to stop there. */
  beforeTerminating?: () => Promise<void>;
}

/** What undoing did, one line per change (or why it changed nothing). */
export interface CutOverUndo {
  actions: string[];
}

export function makeCutOvers(autoscaling: AutoScalingClient) {
  async function describeGroup(group: string): Promise<AutoScalingGroup | undefined> {
    const response = await callAws(`Auto Scaling DescribeAutoScalingGroups ${group}`, () =>
      autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] })),
    );
    return response.AutoScalingGroups?.[0];
  }

  /** Instances the temporary group detached that are now in neither group: stranded by an interrupted move. */
  async function strandedFrom(temporary: AutoScalingGroup, group: AutoScalingGroup | undefined): Promise<string[]> {
    const name = temporary.AutoScalingGroupName ?? "";
    const detached = new Set<string>();
    let token: string | undefined;
    do {
      const page = await callAws(`Auto Scaling DescribeScalingActivities ${name}`, () =>
        autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name, MaxRecords: 100, ...(token ? { NextToken: token } : {}) })),
      );
      for (const activity of page.Activities ?? []) {
        const id = DETACHED.exec(activity.Description ?? "")?.[1];
        if (id) detached.add(id);
      }
      token = page.NextToken;
    } while (token);
    const placed = new Set([...ids(temporary.Instances ?? []), ...ids(group?.Instances ?? [])]);
    return [...detached].filter((id) => !placed.has(id));
  }

  async function update(group: string, change: { MinSize?: number; MaxSize?: number; LaunchTemplate?: { LaunchTemplateId: string; Version: string } }): Promise<void> {
    await callAws(`Auto Scaling UpdateAutoScalingGroup ${group}`, () => autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, ...change })));
  }

  async function attach(group: string, instanceIds: string[]): Promise<void> {
    await callAws(`Auto Scaling AttachInstances ${group}`, () => autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: group, InstanceIds: instanceIds })));
  }

  async function detach(group: string, instanceIds: string[]): Promise<void> {
    await callAws(`Auto Scaling DetachInstances ${group}`, () =>
      autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: group, InstanceIds: instanceIds, ShouldDecrementDesiredCapacity: true })),
    );
  }

  /**
   * Moves the temporary group's instances (and any an earlier, interrupted call left in no group) into the group,
   * points the group at the new version, takes the old instances out (Auto Scaling drains each from the load
   * balancer before terminating it), puts the group's maximum back, and deletes the empty temporary group. The
   * group never has fewer InService instances than it serves with: an old one leaves only once as many new ones
   * serve in the group. Example: web (2 old, max 3) and its temporary group (2 new) → web runs 2 new, max 3.
   */
  async function cutOver({ group, temporaryGroup, launchTemplateId, ref, beforeTerminating }: CutOverRequest): Promise<CutOverView> {
    let original = await describeGroup(group);
    if (!original) throw new FleetNotHealthyError(`cannot cut over to ${group}: the Auto Scaling group does not exist`);
    const temporary = await describeGroup(temporaryGroup);
    let moved = 0;
    if (temporary) {
      const moving = ids((temporary.Instances ?? []).filter((instance) => instance.LifecycleState === "InService"));
      const stranded = await strandedFrom(temporary, original);
      moved = moving.length + stranded.length;
      if (moved > 0) {
        // Room for old and new side by side; put back below once the old ones are gone.
        const roomy = (original.DesiredCapacity ?? 0) + moved;
        if (roomy > (original.MaxSize ?? 0)) await update(group, { MaxSize: roomy });
        if (moving.length > 0) {
          // DetachInstances may not take a group below its minimum: the temporary group's goes to 0 first.
          if ((temporary.MinSize ?? 0) > 0) await update(temporaryGroup, { MinSize: 0 });
          await detach(temporaryGroup, moving);
        }
        // From here to AttachInstances the instances are in no group: a retry or an undo finds them (strandedFrom).
        await attach(group, [...moving, ...stranded]);
        original = await describeGroup(group);
      }
    }
    const instances = (original?.Instances ?? []).filter(live);
    const onNew = instances.filter((instance) => instance.LaunchTemplate?.Version === ref && instance.LifecycleState === "InService");
    const old = instances.filter((instance) => instance.LaunchTemplate?.Version !== ref);
    // Never shrink the group below what it serves with: the old instances leave only once as many new ones serve.
    if (old.length > 0 && onNew.length < old.length)
      throw new FleetNotHealthyError(`cannot cut ${group} over: ${onNew.length} InService instances run launch template version ${ref}, fewer than the ${old.length} it serves with; the old instances stay`);
    if (old.length > 0) await beforeTerminating?.();
    for (const instance of old)
      await callAws(`Auto Scaling TerminateInstanceInAutoScalingGroup ${instance.InstanceId ?? ""}`, () =>
        autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: instance.InstanceId, ShouldDecrementDesiredCapacity: true })),
      );
    // The new version for whatever the group launches from now on, and its maximum back (the temporary group
    // carries the group's from its launch, launchTemporaryGroup): one call, after the old instances are gone.
    const maximum = temporary?.MaxSize;
    const desired = (original?.DesiredCapacity ?? 0) - old.length;
    const restoreMaximum = maximum !== undefined && (original?.MaxSize ?? 0) > maximum && desired <= maximum;
    if (original?.LaunchTemplate?.Version !== ref || restoreMaximum)
      await update(group, { LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: ref }, ...(restoreMaximum ? { MaxSize: maximum } : {}) });
    if (temporary) await callAws(`Auto Scaling DeleteAutoScalingGroup ${temporaryGroup}`, () => autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: temporaryGroup, ForceDelete: true })));
    return {
      moved,
      terminated: old.length,
      reason: `${group} runs ${onNew.length} instances of launch template version ${ref}: moved ${moved} from ${temporaryGroup}, took ${plural(old.length, "old instance")} out (drained, then terminated), deleted ${temporaryGroup}`,
    };
  }

  /**
   * Puts a group whose cut-over was interrupted back as it was, for a deployment that will not be promoted: new
   * instances in the group or in no group go back into the temporary group (which its removal then deletes),
   * and the group gets its maximum back. Past undoing (old instances already terminated) it changes nothing and
   * says so. Nothing to do when the cut-over never started.
   * Example: killed between DetachInstances and AttachInstances → `{ actions: ["put 2 instances left in no group back into web-immutable-…"] }`.
   */
  async function undoCutOver(group: string, temporary: AutoScalingGroup): Promise<CutOverUndo> {
    const temporaryGroup = temporary.AutoScalingGroupName ?? "";
    const ref = temporary.LaunchTemplate?.Version ?? "";
    const original = await describeGroup(group);
    const instances = (original?.Instances ?? []).filter(live);
    const arrived = instances.filter((instance) => instance.LaunchTemplate?.Version === ref);
    const serving = instances.filter((instance) => instance.LaunchTemplate?.Version !== ref && instance.LifecycleState === "InService");
    if (arrived.length > serving.length)
      return {
        actions: [`left ${group} as it is: its cut-over to launch template version ${ref} had terminated old instances already (${serving.length} old InService beside ${arrived.length} new), and undoing it would shrink the group until replacements boot; it runs both versions while the ledger names the previous release live`],
      };
    const actions: string[] = [];
    if (arrived.length > 0) {
      await detach(group, ids(arrived));
      actions.push(`took ${plural(arrived.length, "new instance")} back out of ${group}`);
    }
    const maximum = temporary.MaxSize ?? 0;
    if (original && (original.MaxSize ?? 0) > maximum && (original.DesiredCapacity ?? 0) - arrived.length <= maximum) {
      await update(group, { MaxSize: maximum });
      actions.push(`put ${group}'s maximum back to ${maximum}`);
    }
    const stranded = await strandedFrom(temporary, arrived.length > 0 ? await describeGroup(group) : original);
    if (stranded.length > 0) {
      const needed = (temporary.DesiredCapacity ?? 0) + stranded.length;
      if (needed > maximum) await update(temporaryGroup, { MaxSize: needed });
      await attach(temporaryGroup, stranded);
      actions.push(`put ${plural(stranded.length, "new instance")} left in no group back into ${temporaryGroup}`);
    }
    return { actions };
  }

  return { cutOver, undoCutOver };
}
