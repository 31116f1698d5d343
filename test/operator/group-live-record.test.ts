// The ledger is persistent: a one-group app's live record written before the group's name was kept (slot `a`
// only) still reads, and `status` names the group from the config.
import { describe, expect, it } from "vitest";
import { statusView } from "../../functions/operator/views.ts";
import { aGroupConfig } from "../fixtures/config.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";

describe("a one-group live record", () => {
  it.each([
    ["written before the group was kept", {}],
    ["naming its group", { group: "shop-api-prod" }],
  ])("reads as the config's group when %s", async (_case, extra) => {
    const world = aFakeWorld();
    world.configStore.put("shop-api", "prod", aGroupConfig());
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "a", ...extra, commit: "1f2e3d4c5b6a7980", imageId: "ami-0123", updatedAt: "2026-12-03T12:00:00.000Z" });
    const view = await statusView({ ...world.deps.adapters, executionArn: (name) => name, now: () => world.clock.now() }, "shop-api", "prod");
    expect(view.live).toEqual({ commit: "1f2e3d4c5b6a7980", slot: "a", group: "shop-api-prod", image: "ami-0123" });
  });
});
