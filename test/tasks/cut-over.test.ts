// "Cut over to the new instances" asks again, right before the first old instance leaves, whether its deployment
// may still change anything: a stop that landed while it ran (cleanup already undoing it) ends the cut-over there.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/core/config.ts";
import { makeCutOver } from "../../functions/tasks/cut-over.ts";
import { aGroupConfig } from "../fixtures/config.ts";
import { aDeploymentContext, aFakeWorld, seedDeployment } from "../fixtures/fake-adapters.ts";

async function anImmutableDeploymentAtItsCutOver() {
  const input = aGroupConfig({ strategy: { kind: "immutable" }, finalBake: "16m" });
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const world = aFakeWorld();
  world.configStore.put(input.app, input.env, input);
  const deployment = aDeploymentContext(parsed.config);
  await seedDeployment(world, deployment, { lease: true });
  return { world, deployment, cutOver: () => makeCutOver(world.deps)({ deployment, ref: "2" }) };
}

describe("Cut over to the new instances", () => {
  it("goes past the old instances while its deployment still holds the lease, and says so in the ledger", async () => {
    const { world, deployment, cutOver } = await anImmutableDeploymentAtItsCutOver();
    await expect(cutOver()).resolves.toMatchObject({ reason: expect.stringMatching(/^Cut over: shop-api-prod runs the new version/) });
    const record = await world.ledger.getDeployment(deployment.app, deployment.env, deployment.deploymentId);
    expect(record?.steps.map((step) => step.reason)).toEqual([expect.stringMatching(/^Cut over: /)]);
  });

  it("stops before the old instances leave when its deployment ended while it ran", async () => {
    const { world, deployment, cutOver } = await anImmutableDeploymentAtItsCutOver();
    const fleet = world.deps.adapters.fleets.autoscaling;
    const moveThenStop: typeof fleet.cutOver = async (input) => {
      // The instances moved; then the stop's cleanup marked the deployment ended.
      await world.ledger.finishDeployment(deployment.app, deployment.env, deployment.deploymentId, "failed", "execution ABORTED by StopExecution", new Date(world.clock.now()).toISOString());
      return fleet.cutOver.call(fleet, input);
    };
    Object.assign(world.deps.adapters.fleets, { autoscaling: { ...fleet, cutOver: moveThenStop } });
    await expect(cutOver()).rejects.toMatchObject({ name: "DeploymentStoppedError", message: expect.stringContaining("already ended (failed") });
    const record = await world.ledger.getDeployment(deployment.app, deployment.env, deployment.deploymentId);
    expect(record?.steps.filter((step) => step.reason.startsWith("Cut over: "))).toEqual([]);
  });
});
