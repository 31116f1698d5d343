// The Auto Scaling fleet's one-group calls, run against the simulated Auto Scaling and EC2.
import { CreateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { makeAutoScalingFleet } from "../../functions/adapters/autoscaling.ts";
import type { RefreshRequest } from "../../functions/adapters/ports.ts";
import { advanceUntil } from "../../local/sim/index.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

async function aGroup() {
  const box = aSandbox({ timings: { instanceBootMs: 30_000, instanceTerminateMs: 10_000 } });
  const image = (commit: string) => box.sim.ec2.registerImage({ name: commit, tags: [{ Key: "commit", Value: commit }], bakeMs: 0, fails: false });
  const [amiA, amiB] = [image("aaa"), image("bbb")];
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "web", LaunchTemplateData: { ImageId: amiA } }));
  const launchTemplateId = lt.LaunchTemplate!.LaunchTemplateId!;
  await box.clients.autoscaling.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "web", LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: "1" }, MinSize: 2, MaxSize: 4, DesiredCapacity: 2 }));
  const fleet = makeAutoScalingFleet(box.clients.autoscaling, box.clients.ec2);
  const request: RefreshRequest = {
    group: "web",
    launchTemplateId,
    imageId: amiB,
    reference: "shop-api-prod-bbb",
    minHealthyPercentage: 100,
    maxHealthyPercentage: 150,
    checkpointPercentages: [50, 100],
    checkpointDelaySeconds: 120,
    bakeTimeSeconds: 60,
    alarms: [],
  };
  return { ...box, fleet, request };
}

describe("Auto Scaling fleet instance refresh", () => {
  it("makes the version, starts the refresh to it, and finds that refresh again when retried", async () => {
    const { fleet, request, sim } = await aGroup();
    const started = await fleet.startRefresh(request);
    const retried = await fleet.startRefresh(request);
    expect(retried.refreshId).toBe(started.refreshId);
    expect(sim.calls.filter((call) => call.operation === "StartInstanceRefresh")).toHaveLength(1);
    expect(sim.calls.filter((call) => call.operation === "CreateLaunchTemplateVersion")).toHaveLength(1);
  });

  it("reports the refresh reaching its checkpoint, then rolls it back on request", async () => {
    const { fleet, request, clock } = await aGroup();
    await fleet.startRefresh(request);
    await advanceUntil(clock, async () => (await fleet.refreshStatus("web"))?.percentageComplete === 50, { stepMs: 5_000, maxMs: 300_000 });
    expect(await fleet.refreshStatus("web")).toMatchObject({ status: "InProgress", version: "2" });
    expect(await fleet.rollBackRefresh("web")).toMatchObject({ status: "RollbackInProgress" });
    await advanceUntil(clock, async () => (await fleet.refreshStatus("web"))?.status === "RollbackSuccessful", { stepMs: 5_000, maxMs: 300_000 });
  });

  it("starts nothing while another deployment's refresh runs on the group, and says which one runs", async () => {
    const { fleet, request, sim } = await aGroup();
    const first = await fleet.startRefresh(request);
    expect(first.outcome).toBe("started");
    expect(await fleet.startRefresh({ ...request, reference: "shop-api-prod-ccc" })).toMatchObject({ outcome: "busy", refreshId: first.refreshId });
    expect(await fleet.startRefresh(request)).toMatchObject({ outcome: "found", refreshId: first.refreshId });
    expect(sim.calls.filter((call) => call.operation === "StartInstanceRefresh")).toHaveLength(1);
  });

  it("puts back the version of the newest refresh that ended Successful before a time, launching before terminating", async () => {
    const { fleet, request, clock, sim } = await aGroup();
    const starts: unknown[] = [];
    sim.observeCalls((call) => (call.operation === "StartInstanceRefresh" ? starts.push(call.input) : undefined));
    await fleet.startRefresh(request);
    await advanceUntil(clock, async () => (await fleet.refreshStatus("web"))?.status === "Successful", { stepMs: 5_000, maxMs: 900_000 });
    const since = clock.now();
    const stopped = await fleet.startRefresh({ ...request, reference: "shop-api-prod-ccc", checkpointPercentages: [], bakeTimeSeconds: 0 });
    await advanceUntil(clock, async () => (await fleet.refreshStatus("web"))?.status === "Successful", { stepMs: 5_000, maxMs: 900_000 });
    expect(await fleet.restoreRefresh("web", since)).toMatchObject({ outcome: "started", version: "2" });
    expect(stopped.version).toBe("3");
    expect(starts.at(-1)).toMatchObject({
      DesiredConfiguration: { LaunchTemplate: { Version: "2" } },
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200, SkipMatching: true },
    });
    expect(await fleet.restoreRefresh("web", since)).toMatchObject({ outcome: "busy" });
    await advanceUntil(clock, async () => (await fleet.refreshStatus("web"))?.status === "Successful", { stepMs: 5_000, maxMs: 900_000 });
    expect(await fleet.restoreRefresh("web", 0)).toBeNull();
  });

  it("says what there is when nothing runs to roll back", async () => {
    const { fleet } = await aGroup();
    expect(await fleet.rollBackRefresh("web")).toBeNull();
  });
});
