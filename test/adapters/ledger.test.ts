import { describe, expect, it } from "vitest";
import type { ControlSignal, DeploymentRecord, LiveRecord } from "../../functions/core/model.ts";
import { StaleLeaseError } from "../../functions/errors.ts";
import { useDynamoStore } from "./dynamo-harness.ts";

const store = useDynamoStore();

const aLiveRecord = (overrides: Partial<LiveRecord> = {}): LiveRecord => ({
  app: "shop",
  env: "prod",
  liveSlot: "b",
  commit: "abc123",
  imageId: "ami-0123",
  updatedAt: "2026-01-01T12:00:00.000Z",
  ...overrides,
});

const aDeployment = (overrides: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  app: "shop",
  env: "prod",
  deploymentId: "shop-prod-abc123",
  commit: "abc123",
  configVersion: 3,
  strategy: "canary",
  plan: [{ kind: "setWeight", percent: 10 }, { kind: "bake", seconds: 300 }],
  fromSlot: "a",
  toSlot: "b",
  steps: [],
  outcome: "in_progress",
  startedAt: "2026-01-01T12:00:00.000Z",
  ...overrides,
});

describe("DynamoDB ledger: live record", () => {
  it("returns null before anything is live", async () => {
    expect(await store.ledger.getLive("shop", "prod")).toBeNull();
  });

  it("writes the live record with the lease's current token", async () => {
    const grant = await store.lease.acquire("shop", "prod", "exec-1", 600);
    await store.ledger.setLive(aLiveRecord(), grant!.fencingToken);
    expect(await store.ledger.getLive("shop", "prod")).toEqual(aLiveRecord());
  });

  it("refuses setLive with a stale token and keeps the newer holder's record", async () => {
    const first = await store.lease.acquire("shop", "prod", "exec-1", 60);
    store.clock.advance(61_000);
    const second = await store.lease.acquire("shop", "prod", "exec-2", 60);
    await store.ledger.setLive(aLiveRecord({ commit: "new" }), second!.fencingToken);
    await expect(store.ledger.setLive(aLiveRecord({ commit: "old" }), first!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
    expect((await store.ledger.getLive("shop", "prod"))?.commit).toBe("new");
  });

  it("refuses setLive from an execution whose lease was released (StopExecution does not stop a running Lambda)", async () => {
    const grant = await store.lease.acquire("shop", "prod", "exec-1", 600);
    await store.lease.release("shop", "prod", "exec-1", grant!.fencingToken);
    await expect(store.ledger.setLive(aLiveRecord(), grant!.fencingToken)).rejects.toBeInstanceOf(StaleLeaseError);
    expect(await store.ledger.getLive("shop", "prod")).toBeNull();
  });

  it("refuses setLive when no lease was ever taken", async () => {
    await expect(store.ledger.setLive(aLiveRecord(), 1)).rejects.toBeInstanceOf(StaleLeaseError);
  });
});

describe("DynamoDB ledger: deployments", () => {
  it("stores a deployment and reads it back by id", async () => {
    await store.ledger.createDeployment(aDeployment());
    expect(await store.ledger.getDeployment("shop", "prod", "shop-prod-abc123")).toEqual(aDeployment());
  });

  it("returns null for an unknown deployment id", async () => {
    expect(await store.ledger.getDeployment("shop", "prod", "nope")).toBeNull();
  });

  it("treats creating the same deployment twice as a no-op", async () => {
    await store.ledger.createDeployment(aDeployment());
    await store.ledger.createDeployment(aDeployment({ startedAt: "2026-01-01T12:00:05.000Z" }));
    expect(await store.ledger.listDeployments("shop", "prod")).toHaveLength(1);
  });

  it("appends steps in order and records the outcome", async () => {
    await store.ledger.createDeployment(aDeployment());
    const step1 = { index: 0, kind: "setWeight" as const, weights: { a: 230, b: 26 }, reason: "10% to b", startedAt: "2026-01-01T12:01:00.000Z" };
    const step2 = { index: 1, kind: "bake" as const, verdict: "healthy" as const, reason: "alarms OK", startedAt: "2026-01-01T12:02:00.000Z" };
    await store.ledger.appendStep("shop", "prod", "shop-prod-abc123", step1);
    await store.ledger.appendStep("shop", "prod", "shop-prod-abc123", step2);
    await store.ledger.finishDeployment("shop", "prod", "shop-prod-abc123", "promoted", "all steps healthy", "2026-01-01T12:10:00.000Z");
    const stored = await store.ledger.getDeployment("shop", "prod", "shop-prod-abc123");
    expect(stored?.steps).toEqual([step1, step2]);
    expect(stored).toMatchObject({ outcome: "promoted", reason: "all steps healthy", endedAt: "2026-01-01T12:10:00.000Z" });
  });

  it("names the deployment when appending to one that does not exist", async () => {
    const step = { index: 0, kind: "smoke" as const, reason: "ok", startedAt: "2026-01-01T12:00:00.000Z" };
    await expect(store.ledger.appendStep("shop", "prod", "ghost", step)).rejects.toThrow(/deployment ghost of shop\/prod is not in the ledger/);
  });

  it("lists deployments newest first, up to the limit, without other app/envs", async () => {
    for (const [i, startedAt] of ["2026-01-01T10:00:00.000Z", "2026-01-03T10:00:00.000Z", "2026-01-02T10:00:00.000Z"].entries())
      await store.ledger.createDeployment(aDeployment({ deploymentId: `d${i}`, startedAt }));
    await store.ledger.createDeployment(aDeployment({ env: "staging", deploymentId: "other", startedAt: "2026-01-09T10:00:00.000Z" }));
    await store.ledger.setLive(aLiveRecord(), (await store.lease.acquire("shop", "prod", "x", 60))!.fencingToken);
    expect((await store.ledger.listDeployments("shop", "prod")).map((d) => d.deploymentId)).toEqual(["d1", "d2", "d0"]);
    expect((await store.ledger.listDeployments("shop", "prod", 2)).map((d) => d.deploymentId)).toEqual(["d1", "d2"]);
  });
});

describe("DynamoDB ledger: control signals", () => {
  const tripped: ControlSignal = { kind: "circuitBreaker", by: "circuit breaker", at: "2026-01-01T12:05:00.000Z", reason: "alarm shop-prod-b-5xx entered ALARM" };
  const superseded: ControlSignal = { kind: "supersede", by: "shop-prod-def456", at: "2026-01-01T12:06:00.000Z", reason: "concurrency: supersede" };

  it("records the first control signal and refuses to overwrite it with a later one", async () => {
    await store.ledger.createDeployment(aDeployment());
    expect(await store.ledger.recordControl("shop", "prod", "shop-prod-abc123", tripped)).toEqual(tripped);
    expect(await store.ledger.recordControl("shop", "prod", "shop-prod-abc123", superseded)).toEqual(tripped);
    expect((await store.ledger.getDeployment("shop", "prod", "shop-prod-abc123"))?.control).toEqual(tripped);
  });

  it("leaves the steps and outcome alone when it records a signal", async () => {
    const step = { index: 0, kind: "setWeight" as const, weights: { a: 230, b: 26 }, reason: "10% to b", startedAt: "2026-01-01T12:01:00.000Z" };
    await store.ledger.createDeployment(aDeployment());
    await store.ledger.appendStep("shop", "prod", "shop-prod-abc123", step);
    await store.ledger.recordControl("shop", "prod", "shop-prod-abc123", tripped);
    expect(await store.ledger.getDeployment("shop", "prod", "shop-prod-abc123")).toEqual({ ...aDeployment({ steps: [step] }), control: tripped });
  });

  it("names the deployment when signalling one that does not exist", async () => {
    await expect(store.ledger.recordControl("shop", "prod", "ghost", tripped)).rejects.toThrow(/deployment ghost of shop\/prod is not in the ledger/);
  });
});
