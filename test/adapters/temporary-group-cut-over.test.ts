// An immutable cut-over interrupted midway, against the simulated Auto Scaling: a Lambda that dies between two
// calls is modelled by an injected error on the second one (the first one's change landed, nothing after it ran).
// A retry of the cut-over finishes it; an undo (Roll back, cleanup, the sweep) puts the group back as it was while
// every old instance still serves, and leaves no instance in no group.
import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand, TerminateInstanceInAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { makeAutoScalingFleet } from "../../functions/adapters/autoscaling.ts";
import type { TemporaryGroupRequest } from "../../functions/adapters/ports.ts";
import { advanceUntil } from "../../local/sim/index.ts";
import { TRAFFIC_SOURCE_DRAIN_MS } from "../../local/sim/traffic-sources.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

const TARGET_GROUP = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

/** web (2 instances on version 1, max 3) and its temporary group (2 InService on version 2), in service. */
async function aGroupBesideItsTemporaryGroup() {
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
  await fleet.launchTemporaryGroup(request);
  await advanceUntil(box.clock, async () => (await fleet.status({ group: request.temporaryGroup, ref: "2" })).ready, { stepMs: 5_000, maxMs: 300_000 });
  await fleet.serveTemporaryGroup(request);
  const describe = async (name: string) => (await box.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
  /** The group's live instances by launch template version, e.g. `["1", "1"]`. */
  const versionsIn = async (name: string) => ((await describe(name))?.Instances ?? []).filter((i) => !i.LifecycleState?.startsWith("Terminat")).map((i) => i.LaunchTemplate?.Version).sort();
  /** Removes the temporary group as Roll back does: asked again until it is gone. */
  const undo = async () => {
    const first = await fleet.removeTemporaryGroup({ ...request, undoCutOver: true });
    box.clock.advance(TRAFFIC_SOURCE_DRAIN_MS);
    return [first, await fleet.removeTemporaryGroup({ ...request, undoCutOver: true })];
  };
  const dieAt = (operation: string) => box.sim.faults.inject({ service: "autoscaling", operation, error: "InternalFailure", message: `the Lambda died before ${operation}` });
  return { ...box, fleet, request, describe, versionsIn, undo, dieAt, cutOver: () => fleet.cutOver({ ...request, ref: "2" }) };
}

describe("an immutable cut-over interrupted midway", () => {
  it("leaves the moved instances in no group when it dies between DetachInstances and AttachInstances", async () => {
    const { sim, cutOver, dieAt, versionsIn } = await aGroupBesideItsTemporaryGroup();
    dieAt("AttachInstances");
    await expect(cutOver()).rejects.toThrow(/AttachInstances/);
    expect(sim.autoscaling.detachedInstances()).toHaveLength(2);
    expect(await versionsIn("web")).toEqual(["1", "1"]);
  });

  it("is finished by its retry, which finds the instances left in no group", async () => {
    const { sim, cutOver, dieAt, describe, versionsIn, request } = await aGroupBesideItsTemporaryGroup();
    dieAt("AttachInstances");
    await expect(cutOver()).rejects.toThrow(/AttachInstances/);
    expect(await cutOver()).toMatchObject({ moved: 2, terminated: 2 });
    expect(sim.autoscaling.detachedInstances()).toEqual([]);
    expect(await versionsIn("web")).toEqual(["2", "2"]);
    expect(await describe("web")).toMatchObject({ MaxSize: 3, DesiredCapacity: 2, LaunchTemplate: { Version: "2" } });
    expect(await describe(request.temporaryGroup)).toBeUndefined();
  });

  it("is finished by its retry after the old instances' termination was cut short", async () => {
    const { cutOver, dieAt, describe, versionsIn } = await aGroupBesideItsTemporaryGroup();
    dieAt("TerminateInstanceInAutoScalingGroup");
    await expect(cutOver()).rejects.toThrow(/TerminateInstanceInAutoScalingGroup/);
    expect(await versionsIn("web")).toEqual(["1", "1", "2", "2"]);
    expect(await cutOver()).toMatchObject({ moved: 0, terminated: 2 });
    expect(await versionsIn("web")).toEqual(["2", "2"]);
    expect(await describe("web")).toMatchObject({ MaxSize: 3, DesiredCapacity: 2, LaunchTemplate: { Version: "2" } });
  });

  it("is undone after dying between DetachInstances and AttachInstances: the stranded instances are deleted with the temporary group", async () => {
    const { sim, clock, cutOver, dieAt, undo, describe, versionsIn, request } = await aGroupBesideItsTemporaryGroup();
    dieAt("AttachInstances");
    await expect(cutOver()).rejects.toThrow(/AttachInstances/);
    const [first, last] = await undo();
    expect(first?.reason).toMatch(/put 2 new instances left in no group back into web-immutable-bbb/);
    expect(last).toMatchObject({ state: "deleted" });
    clock.advance(20_000);
    expect(sim.autoscaling.detachedInstances()).toEqual([]);
    expect(await describe(request.temporaryGroup)).toBeUndefined();
    expect(await versionsIn("web")).toEqual(["1", "1"]);
    expect(await describe("web")).toMatchObject({ MaxSize: 3, DesiredCapacity: 2, LaunchTemplate: { Version: "1" } });
  });

  it("is undone after the new instances reached the group: they leave it again, and its maximum is put back", async () => {
    const { sim, cutOver, dieAt, undo, describe, versionsIn } = await aGroupBesideItsTemporaryGroup();
    dieAt("TerminateInstanceInAutoScalingGroup");
    await expect(cutOver()).rejects.toThrow(/TerminateInstanceInAutoScalingGroup/);
    expect(await describe("web")).toMatchObject({ MaxSize: 4, DesiredCapacity: 4 });
    const [first] = await undo();
    expect(first?.reason).toMatch(/took 2 new instances back out of web; put web's maximum back to 3; put 2 new instances left in no group back into web-immutable-bbb/);
    expect(sim.autoscaling.detachedInstances()).toEqual([]);
    expect(await versionsIn("web")).toEqual(["1", "1"]);
    expect(await describe("web")).toMatchObject({ MaxSize: 3, DesiredCapacity: 2, LaunchTemplate: { Version: "1" } });
  });

  it("is left as it is, and says so, once an old instance was terminated: undoing it would shrink the group", async () => {
    const { clients, cutOver, dieAt, undo, describe, versionsIn } = await aGroupBesideItsTemporaryGroup();
    dieAt("TerminateInstanceInAutoScalingGroup");
    await expect(cutOver()).rejects.toThrow(/TerminateInstanceInAutoScalingGroup/);
    // The first old instance's termination landed, then the Lambda died.
    const oldOne = (await describe("web"))?.Instances?.find((i) => i.LaunchTemplate?.Version === "1")?.InstanceId;
    await clients.autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: oldOne, ShouldDecrementDesiredCapacity: true }));
    const [first] = await undo();
    expect(first?.reason).toMatch(/left web as it is: its cut-over to launch template version 2 had terminated old instances already \(1 old InService beside 2 new\)/);
    expect(await versionsIn("web")).toEqual(["1", "2", "2"]);
  });

  it("stops before the first old instance leaves when asked to (its deployment ended meanwhile), and that stop is undone", async () => {
    const { sim, fleet, request, undo, describe, versionsIn } = await aGroupBesideItsTemporaryGroup();
    const stopped = fleet.cutOver({ ...request, ref: "2", beforeTerminating: async () => Promise.reject(new Error("the deployment was stopped")) });
    await expect(stopped).rejects.toThrow("the deployment was stopped");
    expect(sim.calls.filter((call) => call.operation === "TerminateInstanceInAutoScalingGroup")).toEqual([]);
    expect(await versionsIn("web")).toEqual(["1", "1", "2", "2"]);
    await undo();
    expect(await versionsIn("web")).toEqual(["1", "1"]);
    expect(await describe("web")).toMatchObject({ DesiredCapacity: 2, LaunchTemplate: { Version: "1" } });
  });
});
