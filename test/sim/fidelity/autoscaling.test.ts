import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  SetDesiredCapacityCommand,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { advanceUntil } from "../../../local/sim/index.ts";
import type { InstanceRuntime, LaunchedInstance } from "../../../local/sim/instance-runtime.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

function recordingRuntime(healthy = true) {
  const launched: LaunchedInstance[] = [];
  const terminated: string[] = [];
  const runtime: InstanceRuntime = {
    launch: async (i) => (launched.push(i), { healthy }),
    terminate: async (id) => void terminated.push(id),
  };
  return { runtime, launched, terminated };
}

async function asg(healthy = true) {
  const recorder = recordingRuntime(healthy);
  const box = aSandbox({ runtime: recorder.runtime, timings: { instanceBootMs: 60_000, instanceTerminateMs: 20_000 } });
  const image = (commit: string) => box.sim.ec2.registerImage({ name: `shop-${commit}`, tags: [{ Key: "app", Value: "shop" }, { Key: "commit", Value: commit }], bakeMs: 0, fails: false });
  const amiA = image("aaa1111");
  const amiB = image("bbb2222");
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "shop-prod-b", LaunchTemplateData: { ImageId: amiA } }));
  const LaunchTemplateId = lt.LaunchTemplate?.LaunchTemplateId ?? "";
  await box.clients.autoscaling.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "shop-prod-b", LaunchTemplate: { LaunchTemplateId, Version: "1" }, MinSize: 0, MaxSize: 4, DesiredCapacity: 2 }),
  );
  const group = async () => (await box.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["shop-prod-b"] }))).AutoScalingGroups?.[0];
  const states = async () => (await group())?.Instances?.map((i) => i.LifecycleState).sort() ?? [];
  return { ...box, ...recorder, amiB, LaunchTemplateId, group, states };
}

describe("Auto Scaling", () => {
  it("brings instances from Pending to InService after the boot delay, passing the image's tags to the runtime", async () => {
    const { states, clock, launched } = await asg();
    expect(await states()).toEqual(["Pending", "Pending"]);
    clock.advance(59_000);
    expect(await states()).toEqual(["Pending", "Pending"]);
    const waited = await advanceUntil(clock, async () => (await states()).every((s) => s === "InService"), { stepMs: 1_000, maxMs: 5_000 });
    expect(waited).toBe(1_000);
    expect(launched[0]?.imageTags).toEqual({ app: "shop", commit: "aaa1111" });
  });

  it("leaves instances the runtime calls unhealthy Pending", async () => {
    const { states, clock } = await asg(false);
    await advanceUntil(clock, () => true);
    clock.advance(3_600_000);
    expect(await states()).toEqual(["Pending", "Pending"]);
  });

  it("refuses a desired capacity above the maximum", async () => {
    const { clients } = await asg();
    const error = await rejectionOf(clients.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "shop-prod-b", DesiredCapacity: 5 })));
    expect([error.name, error.message]).toEqual(["ValidationError", "New SetDesiredCapacity value 5 is above max value 4 for the AutoScaling group."]);
  });

  it("scales in by terminating instances through the runtime", async () => {
    const { clients, clock, states, terminated } = await asg();
    await advanceUntil(clock, async () => (await states()).every((s) => s === "InService"), { stepMs: 10_000, maxMs: 120_000 });
    await clients.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "shop-prod-b", DesiredCapacity: 0 }));
    expect(await states()).toEqual(["Terminating", "Terminating"]);
    clock.advance(20_000);
    expect(await states()).toEqual([]);
    expect(terminated).toHaveLength(2);
  });

  it("keeps running instances on a new launch template version until an instance refresh replaces them", async () => {
    const { clients, clock, states, group, amiB, LaunchTemplateId, launched } = await asg();
    await advanceUntil(clock, async () => (await states()).every((s) => s === "InService"), { stepMs: 10_000, maxMs: 120_000 });
    const before = (await group())?.Instances?.map((i) => i.InstanceId);
    await clients.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId, SourceVersion: "1", LaunchTemplateData: { ImageId: amiB } }));
    await clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: "shop-prod-b", LaunchTemplate: { LaunchTemplateId, Version: "2" } }));
    clock.advance(60_000);
    expect((await group())?.Instances?.map((i) => i.InstanceId)).toEqual(before);

    await clients.autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: "shop-prod-b", Preferences: { SkipMatching: true } }));
    const replaced = async () => (await group())?.Instances?.map((i) => `${i.LifecycleState} ${i.LaunchTemplate?.Version}`).join() === "InService 2,InService 2";
    await advanceUntil(clock, replaced, { stepMs: 10_000, maxMs: 600_000 });
    const after = await group();
    expect(after?.Instances?.map((i) => i.LaunchTemplate?.Version)).toEqual(["2", "2"]);
    expect(after?.Instances?.some((i) => before?.includes(i.InstanceId))).toBe(false);
    expect(launched.slice(-1)[0]?.imageTags.commit).toBe("bbb2222");
  });

  it("records scaling activities, newest first", async () => {
    const { clients, clock, states } = await asg();
    await advanceUntil(clock, async () => (await states()).every((s) => s === "InService"), { stepMs: 10_000, maxMs: 120_000 });
    const { Activities = [] } = await clients.autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: "shop-prod-b" }));
    expect(Activities.map((a) => [a.Description?.replace(/i-\w+/, "i-…"), a.StatusCode])).toEqual([
      ["Launching a new EC2 instance: i-…", "Successful"],
      ["Launching a new EC2 instance: i-…", "Successful"],
    ]);
  });
});
