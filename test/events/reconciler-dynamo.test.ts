// The reconciler against the real DynamoDB lease (on dynalite), so it sees exactly what AWS would return:
// an expired lease is hidden by `current` and must still be found and swept.
import { describe, expect, it } from "vitest";
import { makeReconciler } from "../../functions/events/reconciler.ts";
import { useDynamoStore } from "../adapters/dynamo-harness.ts";
import { aConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const DEAD = "shop-api-prod-0123456789ab";

const store = useDynamoStore();

function reconciler() {
  const world = anEventWorld({ now: store.clock.now(), configs: [aConfig()], weights: { a: 50, b: 50 }, live: [aLiveRecord()], deployments: [aDeployment({ deploymentId: DEAD })] });
  const deps = {
    configStore: world.configStore,
    traffic: world.traffic,
    ledger: world.ledger,
    lease: store.lease,
    executions: world.executions,
    events: world.events,
    clock: store.clock,
    sleep: async () => {},
  };
  return { deps, reconcile: makeReconciler(deps) };
}

describe("the reconciler on the DynamoDB lease", () => {
  it("sweeps a lease whose holder stopped renewing it: traffic restored, deployment failed, lease free", async () => {
    const grant = await store.lease.acquire("shop-api", "prod", DEAD, 600);
    store.clock.advance(600_001);
    const { deps, reconcile } = reconciler();
    const result = await reconcile();
    expect(result.errors).toEqual([]);
    expect(result.swept).toEqual([expect.objectContaining({ app: "shop-api", env: "prod", owner: DEAD, trafficChanged: true, deploymentMarked: true })]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEAD}`)!.outcome).toBe("failed");
    expect(await store.lease.read("shop-api", "prod")).toBeNull();
    expect((await store.lease.acquire("shop-api", "prod", "next", 600))?.fencingToken).toBeGreaterThan(grant!.fencingToken);
    expect((await reconcile()).swept).toEqual([]);
  });

  it("leaves a lease that is still being renewed alone", async () => {
    await store.lease.acquire("shop-api", "prod", DEAD, 600);
    store.clock.advance(599_000);
    const { deps, reconcile } = reconciler();
    expect((await reconcile()).swept).toEqual([]);
    expect(deps.traffic.writes).toEqual([]);
    expect((await store.lease.current("shop-api", "prod"))?.owner).toBe(DEAD);
  });
});
