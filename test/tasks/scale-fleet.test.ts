// "Scale the new fleet": a canary fleet smaller than the live one (canaryScale) taken to full size, then
// polled by Check the idle fleet.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../functions/core/config.ts";
import { makeCheckFleet } from "../../functions/tasks/check-fleet.ts";
import { makeScaleFleet } from "../../functions/tasks/scale-fleet.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

const strategy: ConfigInput["strategy"] = { kind: "canary", steps: [{ percent: 10, bake: "1m" }, { percent: 100 }], canaryScale: { percent: 25 } };

async function setup() {
  const world = aDeployedWorld(aConfig({ strategy }));
  const config = aParsedConfig({ strategy });
  const deployment = aDeploymentContext(config);
  await seedDeployment(world, deployment, { lease: true });
  // Slot a is live on 8 instances; Prepare the idle fleet brought slot b up small.
  world.autoscaling.capacity.set(config.fleet.slots!.a.group, 8);
  await world.autoscaling.deploy({ group: config.fleet.slots!.b.group, imageId: deployment.imageId, capacity: 2, reference: deployment.deploymentId });
  return { world, deployment, config, scaleFleet: makeScaleFleet(world.deps), checkFleet: makeCheckFleet(world.deps) };
}

describe("Scale the new fleet", () => {
  it("sizes the idle slot's group from the live one's, and hands Check the idle fleet what to poll", async () => {
    const { world, deployment, config, scaleFleet, checkFleet } = await setup();
    const progress = await scaleFleet({ deployment, step: { kind: "scaleFleet", percent: 100 }, index: 2 });
    const [idle, live] = [config.fleet.slots!.b.group, config.fleet.slots!.a.group];
    expect(world.log.of("autoscaling", "resize").map((call) => call.args)).toEqual([[{ group: idle, sizeFrom: live, percent: 100 }]]);
    expect(progress).toMatchObject({ slot: "b", group: idle, ready: false });
    expect(progress.reason).toBe(`Scaling ${idle} (slot b) to 100% of ${live}'s size: 8 instances (min 8, max 8)`);
    const first = await checkFleet({ fleet: progress });
    expect(first).toMatchObject({ ready: false, reason: `${idle} (slot b) is coming up: 0/8 in service` });
    expect(await checkFleet({ fleet: first })).toMatchObject({ ready: true, reason: `${idle} (slot b) is ready: 8/8 in service` });
  });

  it("records the step in the ledger, so progress shows it", async () => {
    const { world, deployment, scaleFleet } = await setup();
    await scaleFleet({ deployment, step: { kind: "scaleFleet", percent: 100 }, index: 2 });
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps).toEqual([expect.objectContaining({ index: 2, kind: "scaleFleet" })]);
  });

  it("refuses a step of another kind", async () => {
    const { deployment, scaleFleet } = await setup();
    await expect(scaleFleet({ deployment, step: { kind: "setWeight", percent: 50 }, index: 2 })).rejects.toThrow("Scale the new fleet got a setWeight step");
  });

  it("does nothing for a deployment that lost its lease", async () => {
    const { world, deployment, scaleFleet } = await setup();
    await expect(scaleFleet({ deployment: { ...deployment, fencingToken: 99 }, step: { kind: "scaleFleet", percent: 100 }, index: 2 })).rejects.toThrow();
    expect(world.log.of("autoscaling", "resize")).toEqual([]);
  });
});
