import { describe, expect, it } from "vitest";
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import { canRollBackAfterPromotion } from "../../functions/events/late-rollback.ts";
import { makeRetireOldFleet } from "../../functions/tasks/retire-old-fleet.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, type FakeWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

const config = aParsedConfig();
const ami = (n: number) => `ami-${String(n).padStart(17, "0")}`;
const deploymentOf = (n: number) => `shop-api-prod-${String(n).padStart(12, "0")}`;

/**
 * Shop-api after `n` promotions that alternated slots: image n is live on slot b (the old live slot a, image
 * n-1, was just promoted away from), each deployment promoted with its image recorded.
 */
function aWorldAfterPromotions(n: number): FakeWorld {
  const world = aDeployedWorld(aConfig(), { live: "b" });
  for (let i = 1; i <= n; i++) {
    world.images.add(ami(i), { [IMAGE_TAG.app]: "shop-api", [IMAGE_TAG.env]: "prod", [IMAGE_TAG.managed]: "true", [IMAGE_TAG.deployment]: deploymentOf(i) }, {
      createdAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
    });
    const startedAt = new Date(Date.UTC(2026, 0, 1, i)).toISOString();
    world.ledger.deployments.set(`shop-api/prod/${deploymentOf(i)}`, aDeployment({ deploymentId: deploymentOf(i), imageId: ami(i), outcome: "promoted", startedAt, toSlot: i % 2 ? "a" : "b" }));
  }
  world.ledger.live.set("shop-api/prod", { ...world.ledger.live.get("shop-api/prod")!, liveSlot: "b", imageId: ami(n) });
  world.autoscaling.launchImage.set(config.fleet.slots!.b.group, ami(n));
  world.autoscaling.launchImage.set(config.fleet.slots!.a.group, ami(n - 1));
  return world;
}

/** Retires slot a as deployment 99, which promoted slot b and has just waited out scaleDownDelay. */
const retire = (world: FakeWorld, keep: number) => {
  world.ledger.deployments.set(`shop-api/prod/${deploymentOf(99)}`, aDeployment({ deploymentId: deploymentOf(99), outcome: "promoted", fromSlot: "a", toSlot: "b" }));
  return makeRetireOldFleet(world.deps)({ app: "shop-api", env: "prod", deploymentId: deploymentOf(99), fleet: config.fleet, slot: "a", keep });
};
const remaining = (world: FakeWorld) => [...world.images.stored.keys()].sort();

describe("Retire the old fleet", () => {
  it("scales the old slot down and retires the images beyond the newest `keep`, oldest first", async () => {
    const world = aWorldAfterPromotions(7);
    const output = await retire(world, 5);
    expect(world.autoscaling.capacity.get(config.fleet.slots!.a.group)).toBe(0);
    expect(output.images.retired).toEqual([ami(1), ami(2)]);
    expect(remaining(world)).toEqual([3, 4, 5, 6, 7].map(ami));
    expect(output.reason).toBe(`Scaled ${config.fleet.slots!.a.group} (slot a) down to zero; retired 2 old images (${ami(1)}, ${ami(2)}), kept 5`);
  });

  it("keeps an old image a slot's launch template still uses", async () => {
    const world = aWorldAfterPromotions(7);
    // Slot a was last brought up on image 1: later deployments to it failed before their fleet step.
    world.autoscaling.launchImage.set(config.fleet.slots!.a.group, ami(1));
    const output = await retire(world, 5);
    expect(output.images.retired).toEqual([ami(2)]);
    expect(remaining(world)).toEqual([1, 3, 4, 5, 6, 7].map(ami));
  });

  it("keeps the live image and the rollback target when newer rolled-back builds crowd them out of the newest `keep`", async () => {
    const world = aWorldAfterPromotions(7);
    for (const n of [8, 9]) {
      world.images.add(ami(n), { [IMAGE_TAG.app]: "shop-api", [IMAGE_TAG.env]: "prod", [IMAGE_TAG.managed]: "true" }, { createdAt: new Date(Date.UTC(2026, 0, 1, n)).toISOString() });
      world.ledger.deployments.set(`shop-api/prod/${deploymentOf(n)}`, aDeployment({ deploymentId: deploymentOf(n), imageId: ami(n), outcome: "rolled_back", startedAt: new Date(Date.UTC(2026, 0, 1, n)).toISOString() }));
    }
    world.autoscaling.launchImage.set(config.fleet.slots!.a.group, ami(9));
    const output = await retire(world, 2);
    expect(output.images.retired).toEqual([1, 2, 3, 4, 5].map(ami));
    expect(remaining(world)).toEqual([6, 7, 8, 9].map(ami));
  });

  it("keeps the image of a deployment in progress that has not recorded it yet", async () => {
    const world = aWorldAfterPromotions(7);
    world.ledger.deployments.set(`shop-api/prod/${deploymentOf(1)}`, aDeployment({ deploymentId: deploymentOf(1), outcome: "in_progress", startedAt: new Date(Date.UTC(2026, 0, 1, 1)).toISOString() }));
    const output = await retire(world, 5);
    expect(output.images.retired).toEqual([ami(2)]);
  });

  it("keeps every image when it cannot tell what a slot launches from, and still retires the fleet", async () => {
    const world = aWorldAfterPromotions(7);
    world.autoscaling.launchImagesError = new Error("cannot tell which image Auto Scaling group shop-api-prod-a launches: it names no launch template");
    const output = await retire(world, 5);
    expect(output.retired).toBe(true);
    expect(remaining(world)).toHaveLength(7);
    expect(output.reason).toContain("kept all 7 images: could not tell which are still in use (Error: cannot tell which image");
  });

  it("reports an image it could not retire instead of failing a promoted deployment", async () => {
    const world = aWorldAfterPromotions(7);
    const retireImage = world.images.retireImage.bind(world.images);
    world.images.retireImage = async (image) => {
      if (image.imageId === ami(1)) throw Object.assign(new Error("Request limit exceeded."), { name: "RequestLimitExceeded" });
      return retireImage(image);
    };
    const output = await retire(world, 5);
    expect(output.images.retired).toEqual([ami(2)]);
    expect(output.reason).toContain(`could not retire ${ami(1)} (RequestLimitExceeded: Request limit exceeded.)`);
  });

  it("reads nothing more when no image is beyond `keep`", async () => {
    const world = aWorldAfterPromotions(4);
    const output = await retire(world, 5);
    expect(output.images).toEqual({ retired: [], kept: 4, reason: "kept all 4 images (keep 5)" });
    expect(world.log.of("autoscaling", "launchImages")).toHaveLength(0);
  });
});

describe("Retire the old fleet after a late rollback", () => {
  const retireSlotA = (world: FakeWorld) =>
    makeRetireOldFleet(world.deps)({ app: config.app, env: config.env, deploymentId: "d-1", fleet: config.fleet, slot: "a", keep: 5 });

  it("scales the previously live fleet down once the new slot is live", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted" }));
    expect(await retireSlotA(world)).toMatchObject({ retired: true, group: config.fleet.slots!.a.group });
  });

  it("keeps a fleet that is live again after a manual flip", async () => {
    const world = aDeployedWorld(aConfig(), { live: "a" });
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted" }));
    expect(await retireSlotA(world)).toMatchObject({ retired: false });
    expect(world.log.of("autoscaling", "scaleDown")).toEqual([]);
  });

  it("records the retire signal before scaling down, which closes the late-rollback window", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted", previousLive: { commit: "c0ffee", imageId: "ami-0" } }));
    await retireSlotA(world);
    const record = await world.deps.adapters.ledger.getDeployment(config.app, config.env, "d-1");
    expect(record?.control).toMatchObject({ kind: "retire", by: "d-1" });
    const grant = { owner: "d-1", fencingToken: 1, expiresAt: Number.MAX_SAFE_INTEGER };
    expect(canRollBackAfterPromotion(record!, await world.deps.adapters.ledger.getLive(config.app, config.env), grant)).toBe(false);
  });

  it("hands over, scaling nothing down, when a late rollback is recorded between its read of the live slot and its claim", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    const ledger = world.deps.adapters.ledger;
    await ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "promoted" }));
    const getLive = ledger.getLive.bind(ledger);
    // The operator's rollback lands just after Retire read slot b as live: it flips slot a live and records its signal.
    ledger.getLive = async (app, env) => {
      const live = await getLive(app, env);
      await ledger.recordControl(app, env, "d-1", { kind: "operatorRollback", by: "alice", at: "2024-05-01T12:00:00Z", reason: "latency" });
      return live;
    };
    await expect(retireSlotA(world)).rejects.toThrow(expect.objectContaining({ name: "DeploymentStoppedError", message: expect.stringContaining("rolled back by operator alice") }));
    expect(world.log.of("autoscaling", "scaleDown")).toEqual([]);
  });

  it("hands over to the rollback path when the breaker rolled back after promotion, so the new fleet is drained and retired instead", async () => {
    const world = aDeployedWorld(aConfig(), { live: "a" });
    const control = { kind: "circuitBreaker" as const, by: "circuit breaker", at: "2024-05-01T12:00:00Z", reason: "rolled back after promotion: alarm shop-api-prod-b-5xx entered ALARM" };
    await world.deps.adapters.ledger.createDeployment(aDeployment({ deploymentId: "d-1", fromSlot: "a", toSlot: "b", outcome: "rolled_back", control }));
    await expect(retireSlotA(world)).rejects.toThrow(expect.objectContaining({ name: "AlarmTriggeredError", message: expect.stringContaining("rolled back after promotion") }));
    expect(world.log.of("autoscaling", "scaleDown")).toEqual([]);
  });
});
