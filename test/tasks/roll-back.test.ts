import { describe, expect, it } from "vitest";
import { makeFinishRollback } from "../../functions/tasks/finish-rollback.ts";
import { TASK_FACTORIES } from "../../functions/task-support/registry.ts";
import { makeRollBack } from "../../functions/tasks/roll-back.ts";
import { executionName } from "../../functions/core/naming.ts";
import { aFailedDeployment } from "../fixtures/failed-deployment.ts";
import { aConfig, aParsedConfig, albTraffic } from "../fixtures/config.ts";

async function setup() {
  const failed = await aFailedDeployment();
  return { ...failed, rollBack: makeRollBack(failed.world.deps), finishRollback: makeFinishRollback(failed.world.deps) };
}

describe("Roll back", () => {
  it("restores the live slot from the weights Route 53 actually has", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });

    expect(world.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(output).toMatchObject({ needed: true, liveSlot: "a", changeId: expect.any(String) });
    expect(output.reason).toContain("shop-api-prod-b-5xx");
  });

  it("writes nothing to Route 53 when traffic is already all on the live slot", async () => {
    const { world, deployment, state, rollBack } = await setup();
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });

    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(output).toMatchObject({ needed: false, changeId: null });
  });

  it("drains from the circuit breaker's change when the breaker already put traffic back", async () => {
    const { world, deployment, state, rollBack } = await setup();
    const at = new Date(world.clock.now()).toISOString();
    await world.deps.adapters.ledger.appendStep("shop-api", "prod", deployment.deploymentId, { index: 0, kind: "setWeight", weights: { a: 90, b: 10 }, reason: "10%", startedAt: at });
    await world.deps.adapters.ledger.appendStep("shop-api", "prod", deployment.deploymentId, { index: 1, kind: "rollback", weights: { a: 100, b: 0 }, changeId: "C-BREAKER", reason: "breaker", startedAt: at });
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });

    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(output).toMatchObject({ needed: false, changeId: "C-BREAKER", drainSeconds: 60 });
  });

  it("waits one TTL after its own revert before the fleet may shrink", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });
    expect(output).toMatchObject({ needed: true, changeId: expect.any(String), drainSeconds: 60 });
  });

  it("goes straight to the drain on an ALB: its revert is in effect at once, so there is no change to poll and no TTL", async () => {
    const { world, deployment, state, rollBack } = await setup();
    const onAlb = { ...state, setup: { config: aParsedConfig(aConfig({ traffic: albTraffic() })) } };
    world.traffic.weights = { a: 75, b: 25 };
    const output = await rollBack({ deploymentId: deployment.deploymentId, state: onAlb });
    expect(world.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(output).toMatchObject({ needed: true, changeId: null, drainSeconds: 0, reason: expect.stringMatching(/ALB applied change .* at once/) });
    // The ledger still names the change that moved the traffic.
    const steps = world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)!.steps;
    expect(steps.filter((step) => step.kind === "rollback").map((step) => step.changeId)).toEqual([expect.any(String)]);
  });

  it("does nothing when the failure came before the config loaded", async () => {
    const { world, deployment, rollBack } = await setup();
    const output = await rollBack({ deploymentId: deployment.deploymentId, state: { app: "shop-api", env: "prod", error: { Error: "ConfigInvalidError", Cause: "bad" } } });
    expect(output.needed).toBe(false);
    expect(world.log.of("traffic")).toHaveLength(0);
  });

  it("leaves the traffic alone without the lease (it may belong to the deployment holding it)", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    const { lease: _mine, ...withoutLease } = state;
    const output = await rollBack({ deploymentId: "shop-api-prod-queued", state: { ...withoutLease, error: { Error: "LeaseHeldError", Cause: "held" } } });
    expect(output.needed).toBe(false);
    expect(world.traffic.weights).toEqual({ a: 75, b: 25 });
    expect(deployment.deploymentId).not.toBe("shop-api-prod-queued");
  });

  it("still puts traffic back when its own lease expired and nobody else took it", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    world.clock.advance(2 * 3_600_000);
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });
    expect(output.needed).toBe(true);
    expect(world.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("leaves traffic alone when another deployment holds the lease now", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    world.lease.put("shop-api", "prod", { owner: "shop-api-prod-next", fencingToken: 9, expiresAt: world.clock.now() + 60_000 });
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });
    expect(output).toMatchObject({ needed: false, reason: expect.stringContaining("shop-api-prod-next holds the lease now") });
    expect(world.traffic.weights).toEqual({ a: 75, b: 25 });
  });

  it("trusts the ledger's live slot over the execution's (a failure after promotion)", async () => {
    const { world, deployment, state, rollBack } = await setup();
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "b", commit: deployment.commit, imageId: deployment.imageId, updatedAt: "" });
    world.traffic.weights = { a: 0, b: 100 };
    const output = await rollBack({ deploymentId: deployment.deploymentId, state });
    expect(output).toMatchObject({ needed: false, liveSlot: "b" });
  });
});

describe("Finish rollback", () => {
  it("scales down the fleet this deployment prepared, records rolled_back with the reason, releases the lease", async () => {
    const { world, deployment, state, finishRollback } = await setup();
    const output = await finishRollback({
      deploymentId: deployment.deploymentId,
      state: { ...state, fleet: { provider: "autoscaling", slot: "b", group: "shop-api-prod-b" }, rollback: { needed: true, liveSlot: "a" } },
    });

    expect(world.log.of("autoscaling", "scaleDown").map((call) => call.args[0])).toEqual(["shop-api-prod-b"]);
    expect(output).toMatchObject({ outcome: "rolled_back", leaseReleased: true });
    const record = world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`);
    expect(record?.outcome).toBe("rolled_back");
    expect(record?.reason).toContain("shop-api-prod-b-5xx");
    expect(await world.lease.read("shop-api", "prod")).toBeNull();
  });

  it("accepts what Roll back returns when it had nothing to restore, keeping the original cause", async () => {
    const { world, deployment, state } = await setup();
    const finish = TASK_FACTORIES.finishRollback(world.deps);
    const output = await finish({ deploymentId: deployment.deploymentId, state: { ...state, rollback: { needed: false, changeId: null, liveSlot: null, weights: null } } });
    expect(output.reason).toContain("shop-api-prod-b-5xx");
  });

  it("records failed and scales nothing when the failure came before any change", async () => {
    const { world, deployment, state, finishRollback } = await setup();
    const output = await finishRollback({ deploymentId: deployment.deploymentId, state: { ...state, error: { Error: "ImageBuildFailedError", Cause: "exit 1" } } });
    expect(output.outcome).toBe("failed");
    expect(world.log.of("autoscaling")).toHaveLength(0);
  });

  it("marks the push failed with the reason when Preflight refused it before the lease: no deployment record exists", async () => {
    const { world, finishRollback } = await setup();
    const commit = "0a1b2c3d4e5f6789";
    const deploymentId = executionName("shop-api", "prod", commit);
    await world.ledger.recordPush({ app: "shop-api", env: "prod", commit, parent: null, before: null, receivedAt: "2024-05-01T12:00:00.000Z", forced: false, attempts: 1, status: "received" });
    const error = { Error: "AlarmAlreadyFiringError", Cause: "shop-api-prod-a-5xx is already in ALARM" };
    const output = await finishRollback({ deploymentId, state: { app: "shop-api", env: "prod", commit, error } });
    expect(output).toMatchObject({ outcome: "failed", leaseReleased: false });
    expect(await world.ledger.getPush("shop-api", "prod", commit)).toMatchObject({ status: "failed", execution: deploymentId, reason: expect.stringContaining("shop-api-prod-a-5xx is already in ALARM") });
    expect(world.ledger.deployments.has(`shop-api/prod/${deploymentId}`)).toBe(false);
  });

  it("keeps a lease another execution holds", async () => {
    const { world, deployment, state, finishRollback } = await setup();
    world.lease.put("shop-api", "prod", { owner: "shop-api-prod-next", fencingToken: 7, expiresAt: world.clock.now() + 60_000 });
    const output = await finishRollback({ deploymentId: deployment.deploymentId, state });
    expect(output.leaseReleased).toBe(false);
    expect((await world.lease.read("shop-api", "prod"))?.owner).toBe("shop-api-prod-next");
  });
});
