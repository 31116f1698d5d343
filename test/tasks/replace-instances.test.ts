import { describe, expect, it } from "vitest";
import { makeReplaceInstances } from "../../functions/tasks/replace-instances.ts";
import { aConfig, aGroupConfig, aParsedConfig } from "../fixtures/config.ts";
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
      message: expect.stringMatching(/already ended .*; rolling instance refresh .* of shop-api-prod back \(0% still on the new version\)$/),
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
});
