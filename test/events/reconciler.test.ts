import { describe, expect, it } from "vitest";
import { makeReconciler } from "../../functions/events/reconciler.ts";
import { aConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const NOW = Date.parse("2024-05-01T12:30:00Z");
const DEAD = "shop-api-prod-0123456789ab";

function setup(expiresAt: number) {
  const world = anEventWorld({
    now: NOW,
    configs: [aConfig(), aConfig({ env: "staging" })],
    weights: { a: 50, b: 50 },
    live: [aLiveRecord(), aLiveRecord({ env: "staging" })],
    deployments: [aDeployment({ deploymentId: DEAD })],
    leases: { "shop-api/prod": { owner: DEAD, fencingToken: 4, expiresAt } },
  });
  const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock };
  return { deps, reconcile: makeReconciler(deps) };
}

describe("the reconciler", () => {
  it("sweeps an expired lease: live slot restored, deployment marked failed, lease released", async () => {
    const { deps, reconcile } = setup(NOW - 1000);
    const result = await reconcile();
    expect(result.checked).toBe(2);
    expect(result.swept).toEqual([expect.objectContaining({ app: "shop-api", env: "prod", owner: DEAD, trafficChanged: true, deploymentMarked: true })]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.outcome).toBe("failed");
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.reason).toMatch(/lease held by shop-api-prod-0123456789ab expired at 2024-05-01T12:29:59.000Z/);
    expect(await deps.lease.read("shop-api", "prod")).toBeNull();
  });

  it("announces a swept deployment as rolled back with outcome failed, once", async () => {
    const { deps, reconcile } = setup(NOW - 1000);
    await reconcile();
    await reconcile();
    expect(deps.events.published).toEqual([
      { detailType: "Deployment Rolled Back", detail: expect.objectContaining({ deploymentId: DEAD, outcome: "failed", reason: expect.stringMatching(/^reconciler: lease held by shop-api-prod-0123456789ab expired/) }) },
    ]);
  });

  it("leaves a lease that has not expired alone", async () => {
    const { deps, reconcile } = setup(NOW + 1000);
    const result = await reconcile();
    expect(result.swept).toEqual([]);
    expect(deps.traffic.writes.filter((write) => write.target.setIdPrefix === "shop-api-prod")).toEqual([]);
    expect((await deps.lease.current("shop-api", "prod"))?.owner).toBe(DEAD);
  });

  it("puts traffic back on the live slot of an app/env no deployment holds (a late write by a stopped execution)", async () => {
    const { deps, reconcile } = setup(NOW + 1000);
    const result = await reconcile();
    expect(result.converged).toEqual([{ app: "shop-api", env: "staging", actions: [expect.stringMatching(/^put traffic back on the live slot/)] }]);
    expect(deps.traffic.writes.filter((write) => write.target.setIdPrefix === "shop-api-staging")).toHaveLength(1);
  });

  it("has nothing to do the second time round", async () => {
    const { deps, reconcile } = setup(NOW - 1000);
    await reconcile();
    expect((await reconcile()).swept).toEqual([]);
    expect(deps.traffic.writes).toHaveLength(1);
  });

  it("reports an app/env it cannot reconcile and carries on with the others", async () => {
    const { deps, reconcile } = setup(NOW - 1000);
    deps.lease.put("shop-api", "staging", { owner: "x", fencingToken: 1, expiresAt: NOW - 1 });
    deps.configStore.load = async (app, env) => {
      if (env === "staging") throw Object.assign(new Error("Rate exceeded"), { name: "ThrottledError" });
      return { document: aConfig(), version: 1 };
    };
    const result = await reconcile();
    expect(result.errors).toEqual([{ app: "shop-api", env: "staging", error: "ThrottledError: Rate exceeded" }]);
    expect(result.swept.map((s) => s.env)).toEqual(["prod"]);
  });
});
