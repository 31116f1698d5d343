import { describe, expect, it } from "vitest";
import { LeaseHeldError } from "../../functions/errors.ts";
import { makeAcquireLease } from "../../functions/tasks/acquire-lease.ts";
import type { Plan } from "../../functions/core/model.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";

const plan: Plan = { strategy: "canary", steps: [{ kind: "setWeight", percent: 5 }, { kind: "bake", seconds: 300 }, { kind: "setWeight", percent: 100 }], finalBakeSeconds: 300 };
const input = (deploymentId: string) => ({
  app: "shop-api", env: "prod", deploymentId, commit: "1f2e3d4c5b6a", configVersion: 3, plan,
  liveSlot: "a" as const, idleSlot: "b" as const, marginSeconds: 3600, scaleDownDelaySeconds: 900,
});

describe("Acquire lease", () => {
  it("takes the lease for the plan's duration and records the deployment with its plan", async () => {
    const world = aFakeWorld();
    const output = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));

    expect(output).toMatchObject({ owner: "shop-api-prod-1f2e3d4c5b6a", fencingToken: 1 });
    expect(output.expiresAt - world.clock.now()).toBe((300 + 300 + 900 + 3600) * 1000);
    expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-1f2e3d4c5b6a")).toMatchObject({
      outcome: "in_progress", configVersion: 3, plan: plan.steps, fromSlot: "a", toSlot: "b",
    });
  });

  it("queues with LeaseHeldError while another deployment holds the lease", async () => {
    const world = aFakeWorld();
    await makeAcquireLease(world.deps)(input("shop-api-prod-first"));
    await expect(makeAcquireLease(world.deps)(input("shop-api-prod-second"))).rejects.toThrow(LeaseHeldError);
    await expect(makeAcquireLease(world.deps)(input("shop-api-prod-second"))).rejects.toThrow(/shop-api-prod-first holds the lease/);
  });

  it("is idempotent for a Lambda retry of the same execution", async () => {
    const world = aFakeWorld();
    const first = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));
    const again = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));
    expect(again.fencingToken).toBe(first.fencingToken);
    expect(world.log.of("ledger", "createDeployment")).toHaveLength(1);
  });

  it("sends a push that queued behind a promotion back to preflight, recording nothing yet", async () => {
    const world = aFakeWorld();
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "b", commit: "0ab", imageId: "ami-1", updatedAt: "" });
    await expect(makeAcquireLease(world.deps)(input("shop-api-prod-queued"))).rejects.toMatchObject({
      name: "SlotsChangedError",
      message: expect.stringContaining("slot b of shop-api/prod became live"),
    });
    expect(world.log.of("ledger", "createDeployment")).toHaveLength(0);
  });
});
