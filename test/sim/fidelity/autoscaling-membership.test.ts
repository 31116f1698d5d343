// Simulated Auto Scaling: moving instances between groups (DetachInstances, AttachInstances), taking one out
// (TerminateInstanceInAutoScalingGroup) and traffic sources, with the sizes and errors AWS's API reference gives.
import {
  AttachInstancesCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeTrafficSourcesCommand,
  DetachInstancesCommand,
  DetachTrafficSourcesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { TRAFFIC_SOURCE_DRAIN_MS } from "../../../local/sim/traffic-sources.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/0123456789abcdef";

async function twoGroups() {
  const box = aSandbox({ timings: { instanceBootMs: 60_000, instanceTerminateMs: 20_000 } });
  const ami = box.sim.ec2.registerImage({ name: "shop", tags: [], bakeMs: 0, fails: false });
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "shop", LaunchTemplateData: { ImageId: ami } }));
  const LaunchTemplate = { LaunchTemplateId: lt.LaunchTemplate?.LaunchTemplateId ?? "", Version: "1" };
  const create = (name: string, size: number, max: number) =>
    box.clients.autoscaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, LaunchTemplate, MinSize: size, MaxSize: max, DesiredCapacity: size, TrafficSources: [{ Identifier: TARGET_GROUP, Type: "elbv2" }] }));
  await create("shop", 2, 3);
  await create("shop-new", 2, 2);
  box.clock.advance(60_000);
  const group = async (name: string) => (await box.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  const ids = async (name: string) => (await group(name))?.Instances?.map((i) => i.InstanceId ?? "") ?? [];
  return { ...box, group, ids };
}

describe("Auto Scaling instance membership and traffic sources", () => {
  it("refuses to detach below the group's minimum, and to attach beyond its maximum", async () => {
    const { clients, ids } = await twoGroups();
    const moving = await ids("shop-new");
    const belowMin = await rejectionOf(clients.autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: "shop-new", InstanceIds: moving, ShouldDecrementDesiredCapacity: true })));
    expect(belowMin.name).toBe("ValidationError");
    await clients.autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: "shop-new", InstanceIds: moving, ShouldDecrementDesiredCapacity: false }));
    const aboveMax = await rejectionOf(clients.autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: "shop", InstanceIds: moving })));
    expect(aboveMax.name).toBe("ValidationError");
    expect(aboveMax.message).toMatch(/Desired capacity:4 must be between the specified min size:2 and max size:3/);
  });

  it("moves a detached instance into another group InService, and refuses one still in a group", async () => {
    const { clients, ids, group } = await twoGroups();
    const [first, second] = await ids("shop-new");
    const stillInGroup = await rejectionOf(clients.autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: "shop", InstanceIds: [second!] })));
    expect(stillInGroup.message).toMatch(/already part of an Auto Scaling group/);
    await clients.autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: "shop-new", InstanceIds: [first!], ShouldDecrementDesiredCapacity: false }));
    await clients.autoscaling.send(new AttachInstancesCommand({ AutoScalingGroupName: "shop", InstanceIds: [first!] }));
    expect(await group("shop")).toMatchObject({ DesiredCapacity: 3 });
    expect((await group("shop"))?.Instances?.find((i) => i.InstanceId === first)?.LifecycleState).toBe("InService");
  });

  it("terminates an instance and shrinks the group, but never below its minimum", async () => {
    const { clients, ids, group } = await twoGroups();
    const [first] = await ids("shop");
    const belowMin = await rejectionOf(clients.autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: first, ShouldDecrementDesiredCapacity: true })));
    expect(belowMin.message).toMatch(/Terminating instance without replacement will violate group's min size constraint/);
    const answer = await clients.autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: first, ShouldDecrementDesiredCapacity: false }));
    expect(answer.Activity?.Description).toBe(`Terminating EC2 instance: ${first}`);
    expect((await group("shop"))?.Instances?.map((i) => i.LifecycleState).sort()).toEqual(["InService", "Pending", "Terminating"]);
    const unknown = await rejectionOf(clients.autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: "i-0000000000000000", ShouldDecrementDesiredCapacity: false })));
    expect(unknown.name).toBe("ValidationError");
  });

  it("keeps a detached traffic source Removing for the deregistration delay, then drops it", async () => {
    const { clients, clock, sim } = await twoGroups();
    expect(sim.autoscaling.trafficSources.servingGroups("shop")).toEqual(["shop", "shop-new"]);
    await clients.autoscaling.send(new DetachTrafficSourcesCommand({ AutoScalingGroupName: "shop-new", TrafficSources: [{ Identifier: TARGET_GROUP }] }));
    const sources = async () => (await clients.autoscaling.send(new DescribeTrafficSourcesCommand({ AutoScalingGroupName: "shop-new" }))).TrafficSources;
    expect(await sources()).toEqual([{ TrafficSource: TARGET_GROUP, Identifier: TARGET_GROUP, Type: "elbv2", State: "Removing" }]);
    expect(sim.autoscaling.trafficSources.servingGroups("shop")).toEqual(["shop"]);
    clock.advance(TRAFFIC_SOURCE_DRAIN_MS);
    expect(await sources()).toEqual([]);
    const notAttached = await rejectionOf(clients.autoscaling.send(new DetachTrafficSourcesCommand({ AutoScalingGroupName: "shop-new", TrafficSources: [{ Identifier: TARGET_GROUP }] })));
    expect(notAttached.name).toBe("ValidationError");
  });
});
