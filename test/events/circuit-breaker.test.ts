import { describe, expect, it } from "vitest";
import { makeCircuitBreaker } from "../../functions/events/circuit-breaker.ts";
import { aConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const NOW = Date.parse("2024-05-01T12:30:00Z");
const DEPLOYMENT = "shop-api-prod-0123456789ab";

function setup({ leaseExpiresAt = NOW + 60_000, outcome = "in_progress" as const } = {}) {
  const world = anEventWorld({
    now: NOW,
    configs: [aConfig(), aConfig({ app: "billing", analysis: { alarms: [{ name: "billing-5xx" }] } })],
    weights: { a: 75, b: 25 },
    live: [aLiveRecord()],
    deployments: [aDeployment({ deploymentId: DEPLOYMENT, toSlot: "b", outcome })],
    leases: { "shop-api/prod": { owner: DEPLOYMENT, fencingToken: 3, expiresAt: leaseExpiresAt } },
  });
  const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: taskFailures(), events: world.events, clock: world.clock };
  return { deps, breaker: makeCircuitBreaker(deps) };
}

/** SendTaskFailure as Step Functions answers it: tokens in `closed` are no longer waiting (TaskTimedOut). */
function taskFailures() {
  const sent: Array<{ taskToken: string; error: string; cause: string }> = [];
  const closed = new Set<string>();
  return {
    sent,
    closed,
    async sendTaskFailure(taskToken: string, error: string, cause: string) {
      if (closed.has(taskToken)) throw Object.assign(new Error("Task Timed Out"), { name: "TaskTimedOut" });
      sent.push({ taskToken, error, cause });
    },
  };
}

const alarm = (alarmName: string, value = "ALARM") => ({ detail: { alarmName, state: { value, reason: "Threshold Crossed: 3 datapoints" } } });

describe("the circuit breaker", () => {
  it("reverts weights at once when the new slot's alarm fires mid-rollout, and records why", async () => {
    const { deps, breaker } = setup();
    const result = await breaker(alarm("shop-api-prod-b-5xx"));
    expect(result).toMatchObject({ outcome: "tripped", tripped: [{ app: "shop-api", env: "prod", deploymentId: DEPLOYMENT, trafficChanged: true }] });
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
    const [trip, revert] = deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.steps;
    expect(trip).toMatchObject({ kind: "rollback", verdict: "unhealthy" });
    expect(trip!.reason).toMatch(/circuit breaker: alarm shop-api-prod-b-5xx entered ALARM \(Threshold Crossed/);
    expect(revert).toMatchObject({ kind: "rollback", verdict: "unhealthy", weights: { a: 100, b: 0 } });
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.control).toEqual({
      kind: "circuitBreaker",
      by: "circuit breaker",
      at: new Date(NOW).toISOString(),
      reason: "alarm shop-api-prod-b-5xx entered ALARM (Threshold Crossed: 3 datapoints)",
    });
    // The execution still owns the rollback: the breaker leaves the deployment open and the lease held.
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.outcome).toBe("in_progress");
    expect((await deps.lease.current("shop-api", "prod"))?.owner).toBe(DEPLOYMENT);
  });

  it("records the trip before it touches Route 53, so a shift in flight sees it even when the revert fails", async () => {
    const { deps, breaker } = setup();
    deps.traffic.setWeights = async () => {
      throw Object.assign(new Error("Rate exceeded"), { name: "InvalidChangeBatchError" });
    };
    await expect(breaker(alarm("shop-api-prod-b-5xx"))).rejects.toThrow("Rate exceeded");
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.steps.map((step) => step.reason)).toEqual([expect.stringMatching(/^circuit breaker: alarm shop-api-prod-b-5xx entered ALARM/)]);
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.control).toMatchObject({ kind: "circuitBreaker" });
  });

  it("trips on a shared alarm too", async () => {
    const { deps, breaker } = setup();
    await breaker(alarm("shop-api-prod-latency-p99"));
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("ignores the live slot's own per-slot alarm", async () => {
    const { deps, breaker } = setup();
    const result = await breaker(alarm("shop-api-prod-a-5xx"));
    expect(result.outcome).toBe("ignored");
    expect(deps.traffic.writes).toEqual([]);
  });

  it.each([
    ["no rollout is in flight (lease expired)", { leaseExpiresAt: NOW - 1 }],
    ["the deployment already finished", { outcome: "promoted" as const }],
  ])("does nothing when %s", async (_case, options) => {
    const { deps, breaker } = setup(options as Parameters<typeof setup>[0]);
    const result = await breaker(alarm("shop-api-prod-b-5xx"));
    expect(result.outcome).toBe("ignored");
    expect(deps.traffic.writes).toEqual([]);
  });

  describe("after promotion, while the old fleet is still warm (scaleDownDelay)", () => {
    const OLD_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
    const NEW_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    function promoted({ holdsLease = true } = {}) {
      const world = anEventWorld({
        now: NOW,
        configs: [aConfig()],
        weights: { a: 0, b: 100 },
        live: [aLiveRecord({ liveSlot: "b", commit: NEW_COMMIT, imageId: "ami-new" })],
        deployments: [aDeployment({ deploymentId: DEPLOYMENT, commit: NEW_COMMIT, fromSlot: "a", toSlot: "b", outcome: "promoted", previousLive: { commit: OLD_COMMIT, imageId: "ami-old" } })],
        leases: { "shop-api/prod": { owner: holdsLease ? DEPLOYMENT : "shop-api-prod-next", fencingToken: 3, expiresAt: NOW + 60_000 } },
      });
      const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: taskFailures(), events: world.events, clock: world.clock };
      return { deps, breaker: makeCircuitBreaker(deps) };
    }

    it("makes the old release live again, moves all traffic back to it and records a rollback after promotion", async () => {
      const { deps, breaker } = promoted();
      const result = await breaker(alarm("shop-api-prod-b-5xx"));
      expect(result.outcome).toBe("tripped");
      expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
      expect(await deps.ledger.getLive("shop-api", "prod")).toMatchObject({ liveSlot: "a", commit: OLD_COMMIT, imageId: "ami-old" });
      const record = deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!;
      expect(record.outcome).toBe("rolled_back");
      expect(record.reason).toMatch(/^Rolled back after promotion: .*alarm shop-api-prod-b-5xx entered ALARM/);
      expect(record.control).toMatchObject({ kind: "circuitBreaker" });
      // The change id lets the execution drain the new fleet before it scales it down.
      expect(record.steps.at(-1)).toMatchObject({ weights: { a: 100, b: 0 }, changeId: expect.any(String) });
    });

    it("announces Rolled Back After Promotion with the slot and commit live again", async () => {
      const { deps, breaker } = promoted();
      await breaker(alarm("shop-api-prod-b-5xx"));
      expect(deps.events.published).toEqual([
        {
          detailType: "Rolled Back After Promotion",
          detail: expect.objectContaining({ deploymentId: DEPLOYMENT, commit: NEW_COMMIT, liveSlot: "a", restoredCommit: OLD_COMMIT, reason: expect.stringMatching(/^Rolled back after promotion: .*shop-api-prod-b-5xx/) }),
        },
      ]);
    });

    it("does nothing once another deployment holds the lease (the old fleet may be gone)", async () => {
      const { deps, breaker } = promoted({ holdsLease: false });
      expect((await breaker(alarm("shop-api-prod-b-5xx"))).outcome).toBe("ignored");
      expect(deps.traffic.writes).toEqual([]);
    });
  });

  it("ignores alarms nobody watches and states other than ALARM", async () => {
    const { deps, breaker } = setup();
    expect((await breaker(alarm("someone-elses-alarm"))).outcome).toBe("ignored");
    expect((await breaker(alarm("shop-api-prod-b-5xx", "OK"))).outcome).toBe("ignored");
    expect(deps.traffic.writes).toEqual([]);
  });

  it("records a second ALARM without writing weights again", async () => {
    const { deps, breaker } = setup();
    await breaker(alarm("shop-api-prod-b-5xx"));
    const again = await breaker(alarm("shop-api-prod-b-5xx"));
    expect(again).toMatchObject({ outcome: "tripped", tripped: [{ trafficChanged: false }] });
    expect(deps.traffic.writes).toHaveLength(1);
  });

  it("keeps the first alarm as the cause when a second one fires", async () => {
    const { deps, breaker } = setup();
    await breaker(alarm("shop-api-prod-b-5xx"));
    await breaker(alarm("shop-api-prod-latency-p99"));
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.control?.reason).toMatch(/^alarm shop-api-prod-b-5xx entered ALARM/);
  });

  it("fails the bake's task-token wait with an error naming the alarm, after reverting the weights", async () => {
    const { deps, breaker } = setup();
    await deps.ledger.appendStep("shop-api", "prod", DEPLOYMENT, { index: 1, kind: "bake", reason: "Bake 2: watching", startedAt: new Date(NOW).toISOString(), taskToken: "token-bake-2" });
    const result = await breaker(alarm("shop-api-prod-b-5xx"));
    expect(deps.executions.sent).toEqual([{ taskToken: "token-bake-2", error: "AlarmTriggeredError", cause: "alarm shop-api-prod-b-5xx entered ALARM (Threshold Crossed: 3 datapoints)" }]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(result).toMatchObject({ tripped: [{ reason: expect.stringContaining("ended the bake wait (SendTaskFailure)") }] });
  });

  it("takes a wait that already ended as no failure: the next Task sees the trip", async () => {
    const { deps, breaker } = setup();
    await deps.ledger.appendStep("shop-api", "prod", DEPLOYMENT, { index: 1, kind: "bake", reason: "Bake 2: watching", startedAt: new Date(NOW).toISOString(), taskToken: "token-judged" });
    deps.executions.closed.add("token-judged");
    const result = await breaker(alarm("shop-api-prod-b-5xx"));
    expect(result).toMatchObject({ outcome: "tripped", tripped: [{ reason: expect.stringContaining("had already ended (TaskTimedOut)") }] });
    expect(deps.ledger.deployments.get(`shop-api/prod/${DEPLOYMENT}`)!.control).toMatchObject({ kind: "circuitBreaker" });
  });
});
