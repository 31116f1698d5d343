import { describe, expect, it } from "vitest";
import { makeCleanup, type ExecutionStatusDetail } from "../../functions/events/cleanup.ts";
import { PriorChangePendingError } from "../../functions/errors.ts";
import { executionName } from "../../functions/core/naming.ts";
import { aConfig, aGroupConfig } from "../fixtures/config.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const NOW = Date.parse("2024-05-01T12:30:00Z");
const EXECUTION = "shop-api-prod-0123456789ab";

function setup(weights = { a: 75, b: 25 }) {
  const world = anEventWorld({
    now: NOW,
    configs: [aConfig(), aConfig({ app: "shop", env: "api" })],
    weights,
    live: [aLiveRecord()],
    deployments: [aDeployment()],
    leases: { "shop-api/prod": { owner: EXECUTION, fencingToken: 7, expiresAt: NOW + 60_000 } },
  });
  const slept: number[] = [];
  const deps = {
    configStore: world.configStore,
    traffic: world.traffic,
    ledger: world.ledger,
    lease: world.lease,
    executions: world.executions,
    events: world.events,
    clock: world.clock,
    fleets: { autoscaling: world.autoscaling, codedeploy: world.codedeploy },
    flags: world.flags,
    sleep: async (ms: number) => void slept.push(ms),
    random: () => 0,
  };
  return { deps, slept, cleanup: makeCleanup(deps) };
}

const event = (detail: Partial<ExecutionStatusDetail> = {}) => ({
  detail: {
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:${EXECUTION}`,
    stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath-prod",
    name: EXECUTION,
    status: "ABORTED",
    input: JSON.stringify({ app: "shop-api", env: "prod", commit: "0123456789abcdef" }),
    ...detail,
  },
});

describe("cleanup after an execution ends badly", () => {
  it("puts all traffic back on the live slot, marks the deployment and releases the lease", async () => {
    const { deps, cleanup } = setup();
    const result = await cleanup(event());
    expect(result).toMatchObject({ outcome: "converged", trafficChanged: true, deploymentMarked: true, leaseReleased: true });
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(deps.traffic.writes[0]!.target.setIdPrefix).toBe("shop-api-prod");
    const deployment = deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!;
    expect(deployment.outcome).toBe("failed");
    expect(deployment.reason).toMatch(/execution ABORTED.*idle slot b had 25% of traffic/);
    expect(deployment.steps).toEqual([expect.objectContaining({ kind: "rollback", weights: { a: 100, b: 0 } })]);
    expect(await deps.lease.read("shop-api", "prod")).toBeNull();
  });

  it.each([
    ["with its cause", { cause: "stopped by the on-call: bad config" }, "execution ABORTED by StopExecution (cause: stopped by the on-call: bad config); cleanup: "],
    ["saying none was given", {}, "execution ABORTED by StopExecution (no cause given); cleanup: "],
  ])("names an outside StopExecution as the cause of a stop without a control signal, %s (I3)", async (_how, detail, reason) => {
    const { deps, cleanup } = setup();
    await cleanup(event(detail));
    expect(deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!.reason).toMatch(new RegExp(`^${reason.replace(/[()]/g, "\\$&")}`));
  });

  it("names the push that superseded the deployment in its final reason", async () => {
    const { deps, cleanup } = setup();
    const deployment = deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!;
    await deps.ledger.recordControl("shop-api", "prod", deployment.deploymentId, { kind: "supersede", by: "shop-api-prod-fedcba987654", at: new Date(NOW).toISOString(), reason: "concurrency: supersede" });
    await cleanup(event());
    expect(deployment.reason).toMatch(/^execution ABORTED, superseded by shop-api-prod-fedcba987654 \(concurrency: supersede\); cleanup: /);
  });

  it("marks a deployment stopped right after Promote made its commit live as promoted, not failed", async () => {
    const { deps, cleanup } = setup({ a: 0, b: 100 });
    deps.ledger.live.set("shop-api/prod", aLiveRecord({ liveSlot: "b", commit: aDeployment().commit }));
    await cleanup(event());
    expect(deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)).toMatchObject({ outcome: "promoted", reason: expect.stringContaining("promoted, then execution ABORTED") });
    expect(deps.traffic.weights).toEqual({ a: 0, b: 100 });
  });

  it("is idempotent: a second delivery changes nothing", async () => {
    const { deps, cleanup } = setup();
    await cleanup(event());
    const second = await cleanup(event());
    expect(second).toMatchObject({ outcome: "converged", trafficChanged: false, deploymentMarked: false, leaseReleased: false });
    expect(deps.traffic.writes).toHaveLength(1);
    expect(deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!.steps).toHaveLength(1);
  });

  describe("lifecycle events", () => {
    it("announces an operator's abort as Deployment Aborted, naming the operator and the reason", async () => {
      const { deps, cleanup } = setup();
      await deps.ledger.recordControl("shop-api", "prod", EXECUTION, { kind: "operatorAbort", by: "alice", at: new Date(NOW).toISOString(), reason: "wrong build" });
      await cleanup(event({ cause: "Aborted by operator alice: wrong build" }));
      expect(deps.events.published).toEqual([
        { detailType: "Deployment Aborted", detail: expect.objectContaining({ app: "shop-api", env: "prod", deploymentId: EXECUTION, by: "alice", reason: "wrong build" }) },
      ]);
    });

    it("announces a stop from outside Glidepath as aborted by StopExecution, with its cause", async () => {
      const { deps, cleanup } = setup();
      await cleanup(event({ cause: "stopped by the on-call" }));
      expect(deps.events.published[0]).toMatchObject({ detailType: "Deployment Aborted", detail: { by: "StopExecution", reason: "stopped from outside Glidepath: stopped by the on-call" } });
    });

    it("announces a timed-out execution as rolled back with outcome failed and the reason", async () => {
      const { deps, cleanup } = setup();
      await cleanup(event({ status: "TIMED_OUT" }));
      expect(deps.events.published[0]).toMatchObject({ detailType: "Deployment Rolled Back", detail: { outcome: "failed", reason: expect.stringMatching(/^execution TIMED_OUT/) } });
    });

    it("announces a release stopped right after it went live as promoted", async () => {
      const { deps, cleanup } = setup({ a: 0, b: 100 });
      deps.ledger.live.set("shop-api/prod", aLiveRecord({ liveSlot: "b", commit: aDeployment().commit, imageId: "ami-new" }));
      await cleanup(event());
      expect(deps.events.published[0]).toMatchObject({ detailType: "Deployment Promoted", detail: { liveSlot: "b", imageId: "ami-new" } });
    });

    it("announces once: a second delivery publishes nothing", async () => {
      const { deps, cleanup } = setup();
      await cleanup(event());
      await cleanup(event());
      expect(deps.events.published).toHaveLength(1);
    });

    it("still converges and releases the lease when EventBridge refuses the event", async () => {
      const { deps, cleanup } = setup();
      deps.events.failWith = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      expect(await cleanup(event())).toMatchObject({ outcome: "converged", trafficChanged: true, deploymentMarked: true, leaseReleased: true });
      expect(deps.events.published).toHaveLength(0);
    });
  });

  describe("an execution that ended before it took the lease", () => {
    const COMMIT = "fedcba9876543210";
    const STOPPED = executionName("shop-api", "prod", COMMIT);
    const push = (overrides = {}) => ({ app: "shop-api", env: "prod", commit: COMMIT, parent: null, before: null, receivedAt: "2024-05-01T12:29:00.000Z", forced: false, attempts: 1, status: "received" as const, ...overrides });
    const stopped = () => event({ name: STOPPED, executionArn: `arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:${STOPPED}`, cause: "wrong branch", input: JSON.stringify({ app: "shop-api", env: "prod", commit: COMMIT }) });

    it("marks its push failed with why, since no deployment record exists", async () => {
      const { deps, cleanup } = setup({ a: 100, b: 0 });
      await deps.ledger.recordPush(push());
      const result = await cleanup(stopped());
      expect(result).toMatchObject({ deploymentMarked: false, leaseReleased: false });
      expect(await deps.ledger.getPush("shop-api", "prod", COMMIT)).toMatchObject({
        status: "failed",
        execution: STOPPED,
        reason: expect.stringMatching(/^execution ABORTED by StopExecution \(cause: wrong branch\) before it took the lease; cleanup: /),
      });
    });

    it("leaves alone a push a later attempt now stands for, or one that says what became of it", async () => {
      const { deps, cleanup } = setup({ a: 100, b: 0 });
      await deps.ledger.recordPush(push({ attempts: 2 }));
      await cleanup(stopped());
      expect(await deps.ledger.getPush("shop-api", "prod", COMMIT)).toMatchObject({ status: "received" });
      await deps.ledger.recordPush(push({ status: "pending", reason: "waiting for the lease" }));
      await cleanup(stopped());
      expect(await deps.ledger.getPush("shop-api", "prod", COMMIT)).toMatchObject({ status: "pending", reason: "waiting for the lease" });
    });
  });

  describe("a flag release that ended without its own revert", () => {
    const FLAG_RELEASE = "shop-api-prod-flag-new-checkout-abc123";
    const percentage = (percent: number) => ({ flags: { "new-checkout": { state: "percentage" as const, percent, by: "userId", allow: [], deny: [] } } });
    function flagSetup(control?: { kind: "operatorAbort"; by: string; at: string; reason: string }) {
      const { deps, cleanup } = setup({ a: 100, b: 0 });
      const record = aDeployment({
        deploymentId: FLAG_RELEASE,
        strategy: "flagRelease new-checkout",
        fromSlot: "a",
        toSlot: "a",
        plan: [{ kind: "setFlag", flag: "new-checkout", percent: 5 }, { kind: "bake", seconds: 600 }, { kind: "setFlag", flag: "new-checkout", percent: 25 }],
        steps: [{ index: 0, kind: "setFlag", reason: "→ 5%", startedAt: "2024-05-01T12:00:00.000Z" }, { index: 2, kind: "setFlag", reason: "→ 25%", startedAt: "2024-05-01T12:10:00.000Z" }],
        flagRelease: { flag: "new-checkout", revertTo: 1 },
        ...(control ? { control } : {}),
      });
      deps.ledger.deployments.set(`shop-api/prod/${FLAG_RELEASE}`, record);
      return { deps, cleanup, event: event({ name: FLAG_RELEASE, executionArn: `arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod-flags:${FLAG_RELEASE}` }) };
    }

    it("puts the flag back to the version the release started from when the execution was stopped from outside", async () => {
      const { deps, cleanup, event: stopped } = flagSetup();
      await deps.flags.put("shop-api", "prod", { flags: { "new-checkout": { state: "off", by: "userId", allow: [], deny: [] } } }, "v1");
      await deps.flags.put("shop-api", "prod", percentage(5), "5%");
      await deps.flags.put("shop-api", "prod", percentage(25), "25%");
      await cleanup(stopped);
      expect((await deps.flags.latest("shop-api", "prod"))?.document.flags["new-checkout"]).toMatchObject({ state: "off" });
      expect(deps.ledger.deployments.get(`shop-api/prod/${FLAG_RELEASE}`)?.reason).toContain("Flag new-checkout reverted to flags version 1 (25% of userId → off");
    });

    it("holds the flag where it is after an operator's abort", async () => {
      const { deps, cleanup, event: stopped } = flagSetup({ kind: "operatorAbort", by: "bob", at: "2024-05-01T12:20:00.000Z", reason: "wrong day" });
      await deps.flags.put("shop-api", "prod", { flags: { "new-checkout": { state: "off", by: "userId", allow: [], deny: [] } } }, "v1");
      await deps.flags.put("shop-api", "prod", percentage(25), "25%");
      await cleanup(stopped);
      expect((await deps.flags.latest("shop-api", "prod"))?.version).toBe(2);
      expect(deps.ledger.deployments.get(`shop-api/prod/${FLAG_RELEASE}`)?.reason).toContain("flag new-checkout held where the release left it");
    });
  });

  it("leaves weights alone when the live slot already has all traffic", async () => {
    const { deps, cleanup } = setup({ a: 100, b: 0 });
    const result = await cleanup(event({ status: "TIMED_OUT" }));
    expect(result).toMatchObject({ trafficChanged: false, deploymentMarked: true });
    expect(deps.traffic.writes).toEqual([]);
  });

  it("does not release a lease another execution holds", async () => {
    const { deps, cleanup } = setup();
    deps.lease.put("shop-api", "prod", { owner: "shop-api-prod-ffffffffffff", fencingToken: 8, expiresAt: NOW + 60_000 });
    const result = await cleanup(event());
    expect(result).toMatchObject({ leaseReleased: false });
    expect((await deps.lease.read("shop-api", "prod"))?.owner).toBe("shop-api-prod-ffffffffffff");
  });

  it("leaves the weights alone while another execution holds the lease mid-canary", async () => {
    // A queued push that gave up waiting for the lease fails without ever holding it.
    const { deps, cleanup } = setup();
    const other = "shop-api-prod-ffffffffffff";
    deps.lease.put("shop-api", "prod", { owner: other, fencingToken: 8, expiresAt: NOW + 60_000 });
    const result = await cleanup(event({ status: "FAILED", error: "LeaseHeldError" }));
    expect(result).toMatchObject({ outcome: "converged", trafficChanged: false, leaseReleased: false });
    expect(result.outcome === "converged" && result.reason).toMatch(/weights left alone: shop-api-prod-ffffffffffff holds the lease of shop-api\/prod/);
    expect(deps.traffic.writes).toEqual([]);
    expect(deps.traffic.weights).toEqual({ a: 75, b: 25 });
  });

  it("restores the live slot when the other execution's lease has expired", async () => {
    const { deps, cleanup } = setup();
    deps.lease.put("shop-api", "prod", { owner: "shop-api-prod-ffffffffffff", fencingToken: 8, expiresAt: NOW - 1 });
    const result = await cleanup(event());
    expect(result).toMatchObject({ trafficChanged: true, leaseReleased: false });
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("restores the live slot when the lease is free", async () => {
    const { deps, cleanup } = setup();
    await deps.lease.release("shop-api", "prod", EXECUTION, 7);
    expect(await cleanup(event())).toMatchObject({ trafficChanged: true, leaseReleased: false });
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("releases its own lease even after it expired", async () => {
    const { deps, cleanup } = setup();
    deps.lease.put("shop-api", "prod", { owner: EXECUTION, fencingToken: 7, expiresAt: NOW - 1 });
    expect(await cleanup(event())).toMatchObject({ trafficChanged: true, leaseReleased: true });
    expect(await deps.lease.read("shop-api", "prod")).toBeNull();
  });

  it("waits out Route 53's PriorRequestNotComplete after a stop mid-shift instead of failing", async () => {
    const { deps, slept, cleanup } = setup();
    const accept = deps.traffic.setWeights.bind(deps.traffic);
    let refusals = 2;
    deps.traffic.setWeights = async (...args) => {
      if (refusals-- > 0) throw new PriorChangePendingError("still processing a prior request");
      return accept(...args);
    };
    const result = await cleanup(event());
    expect(result).toMatchObject({ trafficChanged: true, deploymentMarked: true, leaseReleased: true });
    expect(slept).toEqual([5_000, 10_000]);
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("finds the app/env from the execution name when the input is missing, preferring the longest match", async () => {
    const { deps, cleanup } = setup();
    const result = await cleanup(event({ input: null }));
    expect(result).toMatchObject({ app: "shop-api", env: "prod" });
    expect(deps.traffic.weights).toEqual({ a: 100, b: 0 });
  });

  it("finds a long app/env from its shortened, hashed execution name when the input is missing", async () => {
    const app = "checkout-payments-reconciliation-service-for-the-emea-region";
    const [west, central] = ["production-europe-and-middle-east-west", "production-europe-and-middle-east-central"];
    const world = anEventWorld({ now: NOW, configs: [aConfig({ app, env: west }), aConfig({ app, env: central })] });
    const cleanup = makeCleanup({ configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, fleets: { autoscaling: world.autoscaling, codedeploy: world.codedeploy }, flags: world.flags, sleep: async () => {}, random: () => 0 });
    const result = await cleanup(event({ input: null, name: executionName(app, central, "0123456789abcdef") }));
    expect(result).toMatchObject({ app, env: central });
  });

  it("ignores executions that name no configured app/env", async () => {
    const { deps, cleanup } = setup();
    const result = await cleanup(event({ input: null, name: "billing-prod-0123456789ab" }));
    expect(result.outcome).toBe("ignored");
    expect(deps.traffic.writes).toEqual([]);
  });

  it("touches no weights when nothing was ever promoted", async () => {
    const { deps, cleanup } = setup();
    deps.ledger.live.clear();
    const result = await cleanup(event());
    expect(result).toMatchObject({ trafficChanged: false });
    expect(deps.traffic.writes).toEqual([]);
  });
});

describe("cleanup of a one-group deployment whose instance refresh still runs", () => {
  function groupSetup(leaseOwner: string) {
    const world = anEventWorld({
      now: NOW,
      configs: [aGroupConfig()],
      live: [aLiveRecord()],
      deployments: [aDeployment()],
      leases: { "shop-api/prod": { owner: leaseOwner, fencingToken: 7, expiresAt: NOW + 60_000 } },
    });
    const { autoscaling, codedeploy } = aFakeWorld();
    autoscaling.refreshes.set("shop-api-prod", [{ refreshId: "r-1", status: "InProgress", percentageComplete: 25, statusReason: "", version: "7" }]);
    const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, fleets: { autoscaling, codedeploy }, flags: world.flags, sleep: async () => {}, random: () => 0 };
    return { deps, autoscaling, cleanup: makeCleanup(deps) };
  }

  it("rolls the refresh back and records why on the deployment", async () => {
    const { deps, autoscaling, cleanup } = groupSetup(EXECUTION);
    await cleanup(event());
    expect(autoscaling.refreshes.get("shop-api-prod")!.at(-1)!.status).toBe("RollbackInProgress");
    const deployment = deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!;
    expect(deployment.outcome).toBe("failed");
    expect(deployment.reason).toMatch(/cleanup: .*rolling instance refresh r-1 of shop-api-prod back \(Auto Scaling reports it 25% complete, a share that falls to 0% as instances return to the previous version\)/);
    expect(deployment.steps).toEqual([expect.objectContaining({ kind: "rollback", reason: expect.stringMatching(/^cleanup after execution ABORTED: .*instance refresh r-1/) })]);
  });

  it("leaves a refresh alone while another deployment holds the lease: the refresh is that one's", async () => {
    const { autoscaling, cleanup } = groupSetup("shop-api-prod-fedcba987654");
    await cleanup(event());
    expect(autoscaling.refreshes.get("shop-api-prod")!.at(-1)!.status).toBe("InProgress");
  });
  it("leaves alone a refresh that started before the deployment did: the release before's, still Baking", async () => {
    const { deps, autoscaling, cleanup } = groupSetup(EXECUTION);
    const startedAt = Date.parse(deps.ledger.deployments.get(`shop-api/prod/${EXECUTION}`)!.startedAt);
    autoscaling.refreshes.set("shop-api-prod", [{ refreshId: "r-0", status: "Baking", percentageComplete: 100, statusReason: "", version: "6", startedAt: startedAt - 60_000 }]);
    const result = await cleanup(event());
    expect(autoscaling.refreshes.get("shop-api-prod")!.at(-1)!.status).toBe("Baking");
    expect(result).toMatchObject({ reason: expect.stringMatching(/instance refresh r-0 of shop-api-prod \(Baking\) started before this deployment: it is the release before's, left alone/) });
  });

  it("looks again once the deployment is marked: a refresh a still-running Replace instances started meanwhile is rolled back", async () => {
    const { deps, autoscaling, cleanup } = groupSetup(EXECUTION);
    autoscaling.refreshes.set("shop-api-prod", []);
    // The stopped execution's Lambda starts its refresh after cleanup's first look found none, before the mark.
    const appendStep = deps.ledger.appendStep.bind(deps.ledger);
    deps.ledger.appendStep = async (...args) => {
      autoscaling.refreshes.set("shop-api-prod", [{ refreshId: "r-2", status: "Pending", percentageComplete: 0, statusReason: "", version: "8" }]);
      return appendStep(...args);
    };
    const result = await cleanup(event());
    expect(autoscaling.refreshes.get("shop-api-prod")!.at(-1)!.status).toBe("RollbackInProgress");
    expect(result).toMatchObject({ reason: expect.stringMatching(/no instance refresh of shop-api-prod to roll back; then rolling instance refresh r-2 of shop-api-prod back/) });
  });
});
