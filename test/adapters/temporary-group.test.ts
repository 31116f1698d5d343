// The Auto Scaling fleet's immutable calls, run against the simulated Auto Scaling and EC2: the temporary group
// is created once per deployment, shares the group's target groups, and the cut-over never leaves the group with
// fewer InService instances than it serves with; removal drains before it deletes.
import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { makeAutoScalingFleet } from "../../functions/adapters/autoscaling.ts";
import type { TemporaryGroupRequest } from "../../functions/adapters/ports.ts";
import { advanceUntil } from "../../local/sim/index.ts";
import { TRAFFIC_SOURCE_DRAIN_MS } from "../../local/sim/traffic-sources.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

async function aGroup() {
  const box = aSandbox({ timings: { instanceBootMs: 30_000, instanceTerminateMs: 10_000 } });
  const image = (commit: string) => box.sim.ec2.registerImage({ name: commit, tags: [{ Key: "commit", Value: commit }], bakeMs: 0, fails: false });
  const [amiA, amiB] = [image("aaa"), image("bbb")];
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "web", LaunchTemplateData: { ImageId: amiA } }));
  const launchTemplateId = lt.LaunchTemplate!.LaunchTemplateId!;
  await box.clients.autoscaling.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "web", LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: "1" }, MinSize: 2, MaxSize: 3, DesiredCapacity: 2, TrafficSources: [{ Identifier: TARGET_GROUP, Type: "elbv2" }] }),
  );
  box.clock.advance(60_000);
  const fleet = makeAutoScalingFleet(box.clients.autoscaling, box.clients.ec2);
  const request: TemporaryGroupRequest = { group: "web", temporaryGroup: "web-immutable-bbb", launchTemplateId, imageId: amiB, reference: "shop-api-prod-bbb", tags: { "glidepath:managed": "true" } };
  const describe = async (name: string) => (await box.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  const ready = () => advanceUntil(box.clock, async () => (await fleet.status({ group: request.temporaryGroup, ref: "2" })).ready, { stepMs: 5_000, maxMs: 300_000 });
  return { ...box, fleet, request, describe, ready };
}

describe("Auto Scaling fleet temporary groups (immutable)", () => {
  it("creates the temporary group at the group's size on a new version, once, outside the load balancer", async () => {
    const { fleet, request, sim, describe } = await aGroup();
    const before = sim.calls.length;
    const launched = await fleet.launchTemporaryGroup(request);
    expect(await fleet.launchTemporaryGroup(request)).toEqual(launched);
    expect(launched).toEqual({ ref: "2", size: { min: 2, max: 3, desired: 2 } });
    expect(sim.calls.slice(before).filter((call) => call.operation === "CreateAutoScalingGroup")).toHaveLength(1);
    expect((await describe(request.temporaryGroup))?.TrafficSources).toEqual([]);
    expect(sim.autoscaling.trafficSources.servingGroups("web")).toEqual(["web"]);
  });

  it("refuses a group behind no target group before making anything", async () => {
    const { fleet, request, sim, clients } = await aGroup();
    await clients.autoscaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "bare", LaunchTemplate: { LaunchTemplateId: request.launchTemplateId, Version: "1" }, MinSize: 1, MaxSize: 1, DesiredCapacity: 1 }));
    const before = sim.calls.length;
    await expect(fleet.launchTemporaryGroup({ ...request, group: "bare", temporaryGroup: "bare-immutable-bbb" })).rejects.toThrow(/bare immutably: it has no traffic source/);
    expect(sim.calls.slice(before).map((call) => call.operation)).not.toContain("CreateAutoScalingGroup");
    expect(sim.calls.slice(before).map((call) => call.operation)).not.toContain("CreateLaunchTemplateVersion");
  });

  it("puts it behind the group's target group, then cuts the group over to its instances", async () => {
    const { fleet, request, sim, describe, ready } = await aGroup();
    await fleet.launchTemporaryGroup(request);
    await ready();
    await fleet.serveTemporaryGroup(request);
    expect(sim.autoscaling.trafficSources.servingGroups("web")).toEqual(["web", request.temporaryGroup]);
    const view = await fleet.cutOver({ ...request, ref: "2" });
    expect(view).toMatchObject({ moved: 2, terminated: 2 });
    const group = await describe("web");
    expect(group).toMatchObject({ DesiredCapacity: 2, MaxSize: 3, LaunchTemplate: { Version: "2" } });
    expect(group?.Instances?.filter((i) => i.LifecycleState === "InService").map((i) => i.LaunchTemplate?.Version)).toEqual(["2", "2"]);
    expect(await describe(request.temporaryGroup)).toBeUndefined();
  });

  it("keeps the old instances when the new ones are not all InService", async () => {
    const { fleet, request, sim, clients, ready } = await aGroup();
    await fleet.launchTemporaryGroup(request);
    await ready();
    // One new instance short (someone shrank the temporary group): the group would serve with fewer than it wants.
    await clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: request.temporaryGroup, MinSize: 1, DesiredCapacity: 1 }));
    await expect(fleet.cutOver({ ...request, ref: "2" })).rejects.toThrow(/1 InService instances run launch template version 2, fewer than the 2 it serves with; the old instances stay/);
    expect(sim.calls.filter((call) => call.operation === "TerminateInstanceInAutoScalingGroup")).toEqual([]);
  });

  it("drains the temporary group out of the load balancer before deleting it", async () => {
    const { fleet, request, clock, describe, ready } = await aGroup();
    await fleet.launchTemporaryGroup(request);
    await ready();
    await fleet.serveTemporaryGroup(request);
    expect(await fleet.removeTemporaryGroup({ ...request, undoCutOver: true })).toMatchObject({ state: "draining" });
    expect(await fleet.removeTemporaryGroup({ ...request, undoCutOver: true })).toMatchObject({ state: "draining" });
    clock.advance(TRAFFIC_SOURCE_DRAIN_MS);
    expect(await fleet.removeTemporaryGroup({ ...request, undoCutOver: true })).toMatchObject({ state: "deleted" });
    expect(await describe(request.temporaryGroup)).toBeUndefined();
    expect(await fleet.removeTemporaryGroup({ ...request, undoCutOver: true })).toMatchObject({ state: "absent" });
  });
});
