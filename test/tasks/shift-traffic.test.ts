import { describe, expect, it } from "vitest";
import { makeShiftTraffic } from "../../functions/tasks/shift-traffic.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  return { world, deployment, shiftTraffic: makeShiftTraffic(world.deps) };
}

describe("Shift traffic", () => {
  it("sets both weights in one batch and says so in the reason", async () => {
    const { world, deployment, shiftTraffic } = await setup();
    const output = await shiftTraffic({ deployment, step: { kind: "setWeight", percent: 25 }, index: 2 });

    expect(world.log.of("traffic", "setWeights")).toHaveLength(1);
    expect(world.traffic.weights).toEqual({ a: 75, b: 25 });
    expect(output).toMatchObject({ weights: { a: 75, b: 25 }, percent: 25, changeId: expect.any(String) });
    expect(output.reason).toBe("Shifted 25% to slot b (weights a=75 b=25)");
  });

  it("sends the new version's share to whichever slot is idle", async () => {
    const { world, deployment, shiftTraffic } = await setup();
    world.traffic.seed("b", { a: "a.example", b: "b.example" }, 60);
    await shiftTraffic({ deployment: { ...deployment, liveSlot: "b", idleSlot: "a" }, step: { kind: "setWeight", percent: 5 }, index: 0 });
    expect(world.traffic.weights).toEqual({ a: 5, b: 95 });
  });

  it("writes nothing when a retry finds the weights already set", async () => {
    const { world, deployment, shiftTraffic } = await setup();
    world.traffic.weights = { a: 75, b: 25 };
    const output = await shiftTraffic({ deployment, step: { kind: "setWeight", percent: 25 }, index: 2 });

    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(output.changeId).toBeNull();
    expect(output.reason).toMatch(/^Already at 25%/);
  });

  it("records the step with its weights in the ledger", async () => {
    const { world, deployment, shiftTraffic } = await setup();
    await shiftTraffic({ deployment, step: { kind: "setWeight", percent: 5 }, index: 0 });
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps).toEqual([
      expect.objectContaining({ index: 0, kind: "setWeight", weights: { a: 95, b: 5 } }),
    ]);
  });
});
