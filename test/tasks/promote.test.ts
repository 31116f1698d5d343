import { describe, expect, it } from "vitest";
import { StaleLeaseError } from "../../functions/errors.ts";
import { makePromote } from "../../functions/tasks/promote.ts";
import { parseConfig } from "../../functions/core/config.ts";
import { aConfig, aGroupConfig, aParsedConfig } from "../fixtures/config.ts";

function aParsedGroupConfig() {
  const parsed = parseConfig(aGroupConfig());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  const input = {
    app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, commit: deployment.commit, config: deployment.config,
    newSlot: "b" as const, imageId: deployment.imageId, fencingToken: deployment.fencingToken,
  };
  return { world, deployment, input, promote: makePromote(world.deps) };
}

describe("Promote", () => {
  it("makes the new slot live in the ledger with the fencing token and records the outcome", async () => {
    const { world, deployment, input, promote } = await setup();
    world.traffic.weights = { a: 0, b: 100 };
    const output = await promote(input);

    expect(world.log.of("ledger", "setLive")[0]?.args[1]).toBe(deployment.fencingToken);
    expect(world.ledger.live.get("shop-api/prod")).toMatchObject({ liveSlot: "b", commit: deployment.commit, imageId: deployment.imageId });
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.outcome).toBe("promoted");
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(output.reason).toBe(`Promoted 1f2e3d4c5b6a (${deployment.imageId}): slot b is live`);
  });

  it("names the group in the live record on one group, and none on two slots", async () => {
    const { world, input, promote } = await setup();
    world.traffic.weights = { a: 0, b: 100 };
    await promote({ ...input, config: aParsedGroupConfig(), newSlot: "a" });
    expect(world.ledger.live.get("shop-api/prod")).toMatchObject({ liveSlot: "a", group: "shop-api-prod" });
    const two = await setup();
    two.world.traffic.weights = { a: 0, b: 100 };
    await two.promote(two.input);
    expect(two.world.ledger.live.get("shop-api/prod")).not.toHaveProperty("group");
  });

  it("moves the rest of the traffic first when the plan ended below 100%", async () => {
    const { world, input, promote } = await setup();
    world.traffic.weights = { a: 50, b: 50 };
    const output = await promote(input);
    expect(world.traffic.weights).toEqual({ a: 0, b: 100 });
    expect(output.reason).toContain("after moving the remaining traffic");
  });

  it("is refused when this execution lost the lease", async () => {
    const { world, input, promote } = await setup();
    world.traffic.weights = { a: 0, b: 100 };
    await expect(promote({ ...input, fencingToken: input.fencingToken - 1 })).rejects.toThrow(StaleLeaseError);
    expect(world.ledger.live.get("shop-api/prod")?.liveSlot).toBe("a");
  });
});
