// Whole deployments through the real definition (aws-local-stepfunctions) and the real handlers, with
// in-memory fakes of AWS and a virtual clock that Wait states advance.
import { describe, expect, it } from "vitest";
import { executeDefinition, localStateMachine, type TokenResolution, type TokenWaitRequest } from "../../local/execute-definition.ts";
import { buildDefinition, exampleArns } from "../../stacks/definition.ts";
import { aConfig } from "../fixtures/config.ts";
import { aDeployedWorld, type FakeWorld } from "../fixtures/fake-adapters.ts";
import type { ConfigInput } from "../../functions/core/config.ts";
import type { ApprovalDecision } from "../../functions/tasks/request-approval.ts";

const arns = exampleArns();
const definition = buildDefinition(arns);
const stateMachine = localStateMachine(definition);
const COMMIT = "1f2e3d4c5b6a79881f2e3d4c5b6a798811223344";
const EXECUTION = "shop-api-prod-1f2e3d4c5b6a";

/**
 * Runs a deployment; `approve` answers approval steps, and a bake's wait runs to its timeout on the clock,
 * as one with no alarm event does (no circuit breaker runs here).
 */
async function deploy(world: FakeWorld, approve?: (request: TokenWaitRequest) => Promise<ApprovalDecision>) {
  const waits: Array<{ state: string; seconds: number; at: number }> = [];
  const onWait = ({ state, seconds }: { state: string; seconds: number }) => {
    world.clock.advance(seconds * 1000);
    waits.push({ state, seconds, at: world.clock.now() });
  };
  const resolveToken = async (request: TokenWaitRequest): Promise<TokenResolution> => {
    if (request.payload.step?.kind === "approval" && approve) {
      const decision = await approve(request);
      return decision.approved ? { kind: "success", output: decision } : { kind: "failure", error: "ApprovalRejectedError", cause: decision.reason };
    }
    onWait({ state: request.state, seconds: request.timeoutSeconds });
    return { kind: "failure", error: "States.Timeout", cause: "the wait timed out" };
  };
  const result = await executeDefinition({
    stateMachine,
    definition,
    arns,
    deps: world.deps,
    input: { app: "shop-api", env: "prod", commit: COMMIT },
    executionName: EXECUTION,
    resolveToken,
    onWait,
  });
  return { result, waits };
}

const weightsWritten = (world: FakeWorld) => world.log.of("traffic", "setWeights").map((call) => call.args[1]);
const deployment = (world: FakeWorld) => world.ledger.deployments.get(`shop-api/prod/${EXECUTION}`);

function aWorld(overrides: Partial<ConfigInput> = {}) {
  return aDeployedWorld(aConfig(overrides));
}

describe("deployments through the definition", () => {
  it("canary happy path is promoted", async () => {
    const world = aWorld();
    const startedAt = world.clock.now();
    const { result, waits } = await deploy(world);

    expect(result.status).toBe("SUCCEEDED");
    expect(weightsWritten(world)).toEqual([{ a: 95, b: 5 }, { a: 75, b: 25 }, { a: 0, b: 100 }]);
    expect(world.ledger.live.get("shop-api/prod")).toMatchObject({ liveSlot: "b", commit: COMMIT });
    expect(deployment(world)).toMatchObject({ outcome: "promoted", fromSlot: "a", toSlot: "b" });
    expect(world.log.of("autoscaling", "deploy")[0]?.args[0]).toMatchObject({ group: "shop-api-prod-b", capacity: 2 });
    expect(world.autoscaling.capacity.get("shop-api-prod-a")).toBe(0);
    expect(await world.lease.read("shop-api", "prod")).toBeNull();
    // 5m + 10m bakes, a 5m final bake and the 15m scaleDownDelay all passed on the virtual clock.
    expect(world.clock.now() - startedAt).toBeGreaterThanOrEqual((5 + 10 + 5 + 15) * 60_000);
    expect(waits.some((wait) => wait.state === "Wait before retiring the old fleet" && wait.seconds === 900)).toBe(true);
  });

  it("alarm during the second bake rolls back and the failure cause names the alarm", async () => {
    const world = aWorld();
    world.alarms.rule = (name) => (name === "shop-api-prod-b-5xx" && world.traffic.share("b") >= 25 ? "ALARM" : undefined);
    const { result } = await deploy(world);

    expect(result).toMatchObject({ status: "FAILED", error: "AlarmTriggeredError" });
    expect(result.status === "FAILED" && result.cause).toContain("shop-api-prod-b-5xx is in ALARM");
    expect(weightsWritten(world)).toEqual([{ a: 95, b: 5 }, { a: 75, b: 25 }, { a: 100, b: 0 }]);
    expect(world.traffic.share("a")).toBe(100);
    expect(world.log.of("ledger", "setLive")).toHaveLength(0);
    expect(world.ledger.live.get("shop-api/prod")?.liveSlot).toBe("a");
    expect(deployment(world)?.outcome).toBe("rolled_back");
    expect(deployment(world)?.reason).toContain("shop-api-prod-b-5xx");
    expect(world.autoscaling.capacity.get("shop-api-prod-b")).toBe(0);
    expect(world.log.of("autoscaling", "scaleDown").map((call) => call.args[0])).toEqual(["shop-api-prod-b"]);
    expect(await world.lease.read("shop-api", "prod")).toBeNull();
  });

  it("smoke test failure never changes a weight", async () => {
    const world = aWorld();
    world.probe.passes = false;
    const { result } = await deploy(world);

    expect(result).toMatchObject({ status: "FAILED", error: "SmokeTestFailedError" });
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(world.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(world.log.of("autoscaling", "scaleDown").map((call) => call.args[0])).toEqual(["shop-api-prod-b"]);
    expect(deployment(world)?.outcome).toBe("rolled_back");
    expect(await world.lease.read("shop-api", "prod")).toBeNull();
  });

  it("bake failure changes no fleet and no weight", async () => {
    const world = aWorld();
    world.images.outcome = "failed";
    const { result } = await deploy(world);

    expect(result).toMatchObject({ status: "FAILED", error: "ImageBuildFailedError" });
    expect(result.status === "FAILED" && result.cause).toContain("Build step failed");
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
    expect(world.log.of("autoscaling")).toHaveLength(0);
    expect(deployment(world)).toMatchObject({ outcome: "failed" });
    expect(await world.lease.read("shop-api", "prod")).toBeNull();
  });

  it("judges each bake once, when its wait times out, over the whole bake window", async () => {
    const world = aWorld({ finalBake: "2m" });
    const { result } = await deploy(world);

    expect(result.status).toBe("SUCCEEDED");
    // Bakes of 5m and 10m, then the 2m final bake: one history read each, over exactly its window.
    const windows = world.log.of("alarms", "history").map((call) => ((call.args[2] as number) - (call.args[1] as number)) / 1000);
    expect(windows).toEqual([300, 600, 120]);
    expect(deployment(world)?.steps.filter((step) => step.verdict === "healthy" && step.reason.includes(": passed — ")).map((step) => step.kind)).toEqual(["bake", "bake", "finalBake"]);
  });

  it("costs the same transitions and Lambda calls for a 10-minute bake as for a 24-hour one", async () => {
    const run = async (bake: string) => (await deploy(aWorld({ strategy: { kind: "canary", steps: [{ percent: 10, bake }, { percent: 100 }] } }))).result;
    const short = await run("10m");
    const long = await run("24h");

    expect([short.status, long.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect({ transitions: long.stats.transitions, lambdaInvocations: long.stats.lambdaInvocations }).toEqual({ transitions: short.stats.transitions, lambdaInvocations: short.stats.lambdaInvocations });
    expect(long.stats.virtualSeconds - short.stats.virtualSeconds).toBe(86_400 - 600);
    expect(short.stats.transitions).toBeGreaterThan(20);
  });

  it("rolls back when an alarm fired and cleared inside the bake (a lost breaker event), naming it", async () => {
    const world = aWorld();
    // No breaker runs here, as when its event is lost: the alarm is OK again by the time the bake ends.
    const history = world.alarms.history.bind(world.alarms);
    world.alarms.history = async (names, from, to) => [
      ...(await history(names, from, to)),
      { alarm: "shop-api-prod-b-5xx", at: from + 60_000, from: "OK", to: "ALARM", reason: "Threshold Crossed: 3 datapoints > 1" },
      { alarm: "shop-api-prod-b-5xx", at: from + 120_000, from: "ALARM", to: "OK", reason: "Threshold Crossed: 0 datapoints" },
    ];
    const { result } = await deploy(world);

    expect(result).toMatchObject({ status: "FAILED", error: "AlarmTriggeredError" });
    expect(result.status === "FAILED" && result.cause).toMatch(/Bake 2: failed — shop-api-prod-b-5xx entered ALARM 1 time during the bake .* and is OK now/);
    expect(world.traffic.share("a")).toBe(100);
  });

  it("an A/B test waits for an approval and promotes once approved", async () => {
    const world = aWorld({ strategy: { kind: "abTest", percent: 50, until: "approval" } });
    const requests: TokenWaitRequest[] = [];
    const { result } = await deploy(world, async (request) => {
      requests.push(request);
      return { approved: true, reason: "ship it" };
    });

    expect(result).toMatchObject({ status: "SUCCEEDED" });
    expect(requests).toHaveLength(1);
    const approvalToken = requests[0]?.taskToken;
    expect(approvalToken).toMatch(new RegExp(`^local-token-${EXECUTION}-\\d+$`));
    expect(deployment(world)?.steps.find((step) => step.kind === "approval")?.taskToken).toBe(approvalToken);
    // The final bake is a wait of its own, with its own token.
    const finalBakeToken = deployment(world)?.steps.find((step) => step.kind === "finalBake")?.taskToken;
    expect(finalBakeToken).toMatch(new RegExp(`^local-token-${EXECUTION}-\\d+$`));
    expect(finalBakeToken).not.toBe(approvalToken);
    expect(world.ledger.live.get("shop-api/prod")?.liveSlot).toBe("b");
  });

  it("a rejected approval rolls the split back", async () => {
    const world = aWorld({ strategy: { kind: "abTest", percent: 50, until: "approval" } });
    const { result } = await deploy(world, async () => ({ approved: false, reason: "conversion dropped 4%" }));

    expect(result).toMatchObject({ status: "FAILED", error: "ApprovalRejectedError", cause: "conversion dropped 4%" });
    expect(world.traffic.weights).toEqual({ a: 100, b: 0 });
    expect(deployment(world)?.outcome).toBe("rolled_back");
  });
});
