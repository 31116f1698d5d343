import { describe, expect, it } from "vitest";
import { makeReplaceInstances } from "../../functions/tasks/replace-instances.ts";
import { aConfig, aGroupConfig, aParsedConfig } from "../fixtures/config.ts";
import type { RefreshView } from "../../functions/adapters/ports.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const config = aParsedConfig(aGroupConfig({ analysis: { alarms: [{ name: "shop-api-prod-5xx" }] } }));
  const deployment = aDeploymentContext(config, { liveSlot: "a", idleSlot: "a" });
  await seedDeployment(world, deployment, { lease: true });
  const group = () => world.autoscaling.refreshes.get("shop-api-prod")!.at(-1)!;
  return { world, deployment, group, replaceInstances: makeReplaceInstances(world.deps) };
}

describe("Replace instances", () => {
  it("starts the instance refresh with the plan's preferences and the deployment's alarms, then waits for the checkpoint", async () => {
    const { world, deployment, replaceInstances } = await setup();
    const output = await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    expect(output).toMatchObject({ reached: false, waitSeconds: 15, percentComplete: 0 });
    expect(world.log.of("autoscaling", "startRefresh")[0]?.args[0]).toMatchObject({
      group: "shop-api-prod",
      imageId: deployment.imageId,
      reference: deployment.deploymentId,
      minHealthyPercentage: 75,
      maxHealthyPercentage: 100,
      checkpointPercentages: [25, 50, 100],
      alarms: ["shop-api-prod-5xx"],
    });
  });

  it("records the step once the refresh has replaced the step's share of instances", async () => {
    const { world, deployment, group, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    Object.assign(group(), { status: "InProgress", percentageComplete: 25 });
    const output = await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    expect(output).toMatchObject({ reached: true, reason: "Replaced instances to 25%: 25% of shop-api-prod's instances on the new version (InProgress)" });
    const steps = world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps;
    expect(steps?.map((step) => step.kind)).toEqual(["replaceInstances"]);
  });

  it("waits out the rest of a checkpoint's pause in one wait", async () => {
    const { world, deployment, group, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    Object.assign(group(), { status: "InProgress", percentageComplete: 25 });
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    world.clock.advance(300_000);
    const output = await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 50 }, index: 2 });
    // Paused 5m + 1m margin after the first checkpoint; 5m of it have passed.
    expect(output).toMatchObject({ reached: false, waitSeconds: 60 });
  });

  it("rolls its own refresh back when its deployment was stopped and cleaned up while it started the refresh", async () => {
    const { world, deployment, group, replaceInstances } = await setup();
    const start = world.autoscaling.startRefresh.bind(world.autoscaling);
    // StopExecution does not stop the Lambda: cleanup marks the deployment ended while StartInstanceRefresh is under way.
    world.autoscaling.startRefresh = async (request) => {
      const started = await start(request);
      await world.ledger.finishDeployment("shop-api", "prod", deployment.deploymentId, "failed", "execution ABORTED; cleanup: no instance refresh of shop-api-prod to roll back", new Date(world.clock.now()).toISOString());
      return started;
    };
    await expect(replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 })).rejects.toMatchObject({
      name: "DeploymentStoppedError",
      message: expect.stringMatching(/already ended .*; rolling instance refresh .* of shop-api-prod back \(Auto Scaling reports it 0% complete: none of the instances it counts is left on the new version, .*\)$/),
    });
    expect(group().status).toBe("RollbackInProgress");
  });

  it("leaves its refresh running while its deployment still holds the lease", async () => {
    const { world, deployment, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    expect(world.log.of("autoscaling", "rollBackRefresh")).toEqual([]);
  });

  it.each([
    ["fails", 3600 + 1, true],
    ["keeps waiting", 1800, false],
  ])("%s when the refresh has been short of the first step's share for %i s since it started", async (_verb, seconds, fails) => {
    const { world, deployment, group, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    Object.assign(group(), { status: "InProgress", percentageComplete: 0, startedAt: world.clock.now() });
    world.clock.advance(seconds * 1000);
    const polled = replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    if (fails) await expect(polled).rejects.toMatchObject({ name: "InstanceRefreshFailedError", message: expect.stringMatching(/has not reached 25% by .*never passes its health checks/) });
    else await expect(polled).resolves.toMatchObject({ reached: false });
  });

  it("gives a later step an hour after the previous checkpoint's pause", async () => {
    const { world, deployment, group, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    Object.assign(group(), { status: "InProgress", percentageComplete: 25, startedAt: world.clock.now() });
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    // The pause at 25% (5m bake + 1m margin), then an hour: still waiting just before, failed just after.
    world.clock.advance((360 + 3600) * 1000);
    await expect(replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 50 }, index: 2 })).resolves.toMatchObject({ reached: false });
    world.clock.advance(2000);
    await expect(replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 50 }, index: 2 })).rejects.toMatchObject({ name: "InstanceRefreshFailedError" });
  });

  it("fails with Auto Scaling's reason when the refresh rolled back on an alarm", async () => {
    const { deployment, group, replaceInstances } = await setup();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    Object.assign(group(), { status: "RollbackInProgress", statusReason: "The instance refresh failed because alarm shop-api-prod-5xx is in ALARM state." });
    await expect(replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 })).rejects.toMatchObject({
      name: "InstanceRefreshFailedError",
      message: expect.stringContaining("alarm shop-api-prod-5xx is in ALARM state"),
    });
  });

  it("reads the deployment and the lease once per poll after the call that started the refresh", async () => {
    const { world, deployment, group, replaceInstances } = await setup();
    const reads = () => world.log.of("ledger", "getDeployment").length + world.log.of("lease", "read").length;
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    // The starting call checks before and after it starts the refresh (a stop may land in between).
    expect(reads()).toBe(2 + 2);
    Object.assign(group(), { status: "InProgress", percentageComplete: 0 });
    const before = reads();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    // A later poll: the guard's two reads (its record also gives the steps for the deadline), no second look.
    expect(reads() - before).toBe(2);
  });
});

describe("Replace instances while another refresh runs on the group", () => {
  async function behindTheReleaseBefore() {
    const fixture = await setup();
    const { world } = fixture;
    // v1's refresh, started before this deployment took the lease and Baking after v1's promotion.
    const before: RefreshView = { refreshId: "refresh-v1", status: "Baking", percentageComplete: 100, statusReason: "", version: "7", startedAt: world.clock.now() - 1_800_000 };
    world.autoscaling.refreshes.set("shop-api-prod", [before]);
    return { ...fixture, before };
  }

  it("waits for it, leaving it alone, instead of failing the deployment", async () => {
    const { world, deployment, replaceInstances } = await behindTheReleaseBefore();
    const output = await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    expect(output).toMatchObject({
      reached: false,
      waitSeconds: 15,
      status: "Baking",
      reason: "Waiting for instance refresh refresh-v1 of shop-api-prod (Baking, started before this deployment took the lease) to end before starting this deployment's: it is left alone",
    });
    expect(world.log.of("autoscaling", "rollBackRefresh")).toEqual([]);
    expect(world.autoscaling.refreshes.get("shop-api-prod")).toHaveLength(1);
  });

  it("starts its own refresh once that one ended Successful", async () => {
    const { world, deployment, before, replaceInstances } = await behindTheReleaseBefore();
    await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    before.status = "Successful";
    world.clock.advance(15_000);
    const output = await replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    expect(output).toMatchObject({ reached: false, status: "Pending" });
    expect(world.autoscaling.refreshes.get("shop-api-prod")?.map((refresh) => refresh.refreshId)).toEqual(["refresh-v1", expect.not.stringMatching(/^refresh-v1$/)]);
  });

  it.each([
    ["keeps waiting", 4 * 3600, false],
    ["fails, naming the refresh it waited for,", 4 * 3600 + 1, true],
  ])("%s %i s after the deployment took the lease", async (_verb, seconds, fails) => {
    const { world, deployment, replaceInstances } = await behindTheReleaseBefore();
    world.clock.advance(seconds * 1000);
    const polled = replaceInstances({ deployment, step: { kind: "replaceInstances", percent: 25 }, index: 0 });
    if (fails)
      await expect(polled).rejects.toMatchObject({
        name: "InstanceRefreshFailedError",
        message: expect.stringMatching(/^instance refresh refresh-v1 of shop-api-prod \(Baking, started before this deployment took the lease\) was still running at .* the other one was left alone/),
      });
    else await expect(polled).resolves.toMatchObject({ reached: false, status: "Baking" });
    expect(world.log.of("autoscaling", "rollBackRefresh")).toEqual([]);
  });
});
