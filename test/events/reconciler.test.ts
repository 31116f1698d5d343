import { describe, expect, it } from "vitest";
import { makeReconciler } from "../../functions/events/reconciler.ts";
import { aConfig, aGroupConfig } from "../fixtures/config.ts";
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

/** One group whose deployment DEAD holds the lease (until `expiresAt`) while its refresh r-1 runs at 50%. */
function aGroupWorld(expiresAt: number) {
  const world = anEventWorld({
    now: NOW,
    configs: [aGroupConfig()],
    live: [aLiveRecord()],
    deployments: [aDeployment({ deploymentId: DEAD })],
    leases: { "shop-api/prod": { owner: DEAD, fencingToken: 4, expiresAt } },
  });
  world.autoscaling.refreshes.set("shop-api-prod", [{ refreshId: "r-1", status: "InProgress", percentageComplete: 50, statusReason: "", version: "7" }]);
  const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, fleets: { autoscaling: world.autoscaling, codedeploy: world.codedeploy } };
  const refreshStatus = () => world.autoscaling.refreshes.get("shop-api-prod")!.at(-1)!.status;
  return { world, deps, reconcile: makeReconciler(deps), refreshStatus };
}

describe("the reconciler sweeping a one-group deployment no cleanup ran for", () => {
  it("rolls back the instance refresh an expired lease's holder left running and says so on the deployment", async () => {
    const { deps, reconcile, refreshStatus } = aGroupWorld(NOW - 1000);
    await reconcile();
    expect(refreshStatus()).toBe("RollbackInProgress");
    const swept = deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!;
    expect(swept.outcome).toBe("failed");
    expect(swept.reason).toMatch(/expired .* without release; .*rolling instance refresh r-1 of shop-api-prod back \(Auto Scaling reports it 50% complete, a share that falls to 0% as instances return to the previous version\)/);
  });

  it("puts the live release's version back when the holder's refresh finished before the sweep (it can no longer be rolled back)", async () => {
    const { world, deps, reconcile } = aGroupWorld(NOW - 1000);
    const startedAt = Date.parse("2024-05-01T12:00:00.000Z");
    world.autoscaling.refreshes.set("shop-api-prod", [
      { refreshId: "r-0", status: "Successful", percentageComplete: 100, statusReason: "", version: "6", startedAt: startedAt - 3600_000 },
      { refreshId: "r-1", status: "Successful", percentageComplete: 100, statusReason: "", version: "7", startedAt: startedAt + 600_000 },
    ]);
    await reconcile();
    expect(world.autoscaling.refreshes.get("shop-api-prod")!.at(-1)).toMatchObject({ status: "Pending", version: "6" });
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.reason).toMatch(
      /instance refresh r-1 of shop-api-prod ended Successful before it could be rolled back \(Auto Scaling rolls back only a refresh still running\): started instance refresh refresh-\d+ back to launch template version 6, the live release's/,
    );
  });

  it("says so when no earlier Successful refresh names the live release's version, and starts nothing", async () => {
    const { world, deps, reconcile } = aGroupWorld(NOW - 1000);
    world.autoscaling.refreshes.set("shop-api-prod", [{ refreshId: "r-1", status: "Successful", percentageComplete: 100, statusReason: "", version: "7", startedAt: Date.parse("2024-05-01T12:10:00.000Z") }]);
    await reconcile();
    expect(world.autoscaling.refreshes.get("shop-api-prod")).toHaveLength(1);
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.reason).toMatch(/no earlier Successful refresh names the live release's launch template version: shop-api-prod keeps the stopped release/);
  });

  it("sweeps a lease whose execution ended past cleanup's grace, long before the lease expires", async () => {
    const { world, deps, reconcile, refreshStatus } = aGroupWorld(NOW + 5 * 3600_000);
    world.executions.described.set(DEAD, { status: "ABORTED", stoppedAt: NOW - 3 * 60_000 });
    const result = await reconcile();
    expect(result.swept).toEqual([expect.objectContaining({ owner: DEAD, deploymentMarked: true })]);
    expect(refreshStatus()).toBe("RollbackInProgress");
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.reason).toMatch(/^reconciler: execution shop-api-prod-0123456789ab ended ABORTED at 2024-05-01T12:27:00.000Z and no cleanup released its lease .*; .*instance refresh r-1 of shop-api-prod back/);
    expect(await deps.lease.read("shop-api", "prod")).toBeNull();
  });

  it.each([
    ["still runs", { status: "RUNNING" as const }],
    ["ended within cleanup's grace", { status: "ABORTED" as const, stoppedAt: NOW - 60_000 }],
  ])("leaves the lease and the refresh of an execution that %s to it and to its cleanup", async (_case, described) => {
    const { world, deps, reconcile, refreshStatus } = aGroupWorld(NOW + 5 * 3600_000);
    world.executions.described.set(DEAD, described);
    expect((await reconcile()).swept).toEqual([]);
    expect(refreshStatus()).toBe("InProgress");
    expect((await deps.lease.read("shop-api", "prod"))?.owner).toBe(DEAD);
  });
});
