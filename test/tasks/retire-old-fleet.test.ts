import { describe, expect, it } from "vitest";
import { makeRetireOldFleet } from "../../functions/tasks/retire-old-fleet.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

describe("Retire the old fleet", () => {
  const config = aParsedConfig();
  const retire = (world: ReturnType<typeof aDeployedWorld>) =>
    makeRetireOldFleet(world.deps)({ app: config.app, env: config.env, deploymentId: "d-1", fleet: config.fleet, slot: "a" });

  it("scales the previously live fleet down once the new slot is live", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted" }));
    expect(await retire(world)).toMatchObject({ retired: true, group: config.fleet.slots.a.group });
  });

  it("keeps a fleet that is live again after a manual flip", async () => {
    const world = aDeployedWorld(aConfig(), { live: "a" });
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted" }));
    expect(await retire(world)).toMatchObject({ retired: false });
    expect(world.log.of("autoscaling", "scaleDown")).toEqual([]);
  });

  it("hands over to the rollback path when the breaker rolled back after promotion, so the new fleet is drained and retired instead", async () => {
    const world = aDeployedWorld(aConfig(), { live: "a" });
    const control = { kind: "circuitBreaker" as const, by: "circuit breaker", at: "2024-05-01T12:00:00Z", reason: "rolled back after promotion: alarm shop-api-prod-b-5xx entered ALARM" };
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "rolled_back", control }));
    await expect(retire(world)).rejects.toThrow(expect.objectContaining({ name: "AlarmTriggeredError", message: expect.stringContaining("rolled back after promotion") }));
    expect(world.log.of("autoscaling", "scaleDown")).toEqual([]);
  });
});
