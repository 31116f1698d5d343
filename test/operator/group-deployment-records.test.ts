// Issue 11: a one-group deployment's record names its group (its slots are only the placeholder `a`), and the
// operator's views say so; records written before the group was kept still read, named from the config.
import { describe, expect, it } from "vitest";
import { historyView, statusView } from "../../functions/operator/views.ts";
import { aGroupConfig } from "../fixtures/config.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

function aWorldWith(extra: { group?: string }) {
  const world = aFakeWorld();
  world.configStore.put("shop-api", "prod", aGroupConfig());
  const record = aDeployment({ strategy: "rolling", fromSlot: "a", toSlot: "a", ...extra });
  world.ledger.deployments.set(`shop-api/prod/${record.deploymentId}`, record);
  const ports = { ...world.deps.adapters, executionArn: (name: string) => name, now: () => world.clock.now() };
  return { world, ports };
}

describe("a one-group deployment's record in the operator's views", () => {
  it("history names the group the record names, and names none for a record without one", async () => {
    const named = await historyView(aWorldWith({ group: "shop-api-prod" }).ports, "shop-api", "prod", 10);
    expect(named.deployments[0]).toMatchObject({ strategy: "rolling", group: "shop-api-prod" });
    const older = await historyView(aWorldWith({}).ports, "shop-api", "prod", 10);
    expect(older.deployments[0]).not.toHaveProperty("group");
  });

  it.each([
    ["naming its group", { group: "shop-api-prod-web" }, "shop-api-prod-web"],
    ["written before the group was kept", {}, "shop-api-prod"],
  ])("status names the deployment's group from a record %s", async (_case, extra, group) => {
    const { world, ports } = aWorldWith(extra);
    await world.lease.acquire("shop-api", "prod", aDeployment().deploymentId, 3600);
    const view = await statusView(ports, "shop-api", "prod");
    expect(view.deployment).toMatchObject({ toSlot: "a", group });
  });
});
