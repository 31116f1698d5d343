import { describe, expect, it } from "vitest";
import { makeFinishRollback } from "../../functions/tasks/finish-rollback.ts";
import { makeRollBack } from "../../functions/tasks/roll-back.ts";
import { failureSummary } from "../../functions/task-support/failure-state.ts";
import { aFailedDeployment } from "../fixtures/failed-deployment.ts";

const fleetB = { provider: "autoscaling" as const, slot: "b" as const, group: "shop-api-prod-b" };

async function setup() {
  const { world, deployment, state } = await aFailedDeployment({
    error: { Error: "AlarmTriggeredError", Cause: "Final bake: failed — shop-api-prod-b-5xx is in ALARM" },
    fleet: fleetB,
  });
  state.commit = deployment.commit;
  const shifted = () =>
    world.ledger.appendStep("shop-api", "prod", deployment.deploymentId, { index: 0, kind: "setWeight", weights: { a: 0, b: 100 }, reason: "Shifted 100%", startedAt: "" });
  return { world, deployment, state, shifted };
}

describe("rollback at the edges", () => {
  it("a failed first deployment leaves traffic and the only fleet that is up where they are", async () => {
    const { world, deployment, state, shifted } = await setup();
    world.ledger.live.clear();
    world.traffic.weights = { a: 0, b: 100 };
    await shifted();
    const rolled = await makeRollBack(world.deps)({ deploymentId: deployment.deploymentId, state });
    expect(rolled).toMatchObject({ needed: false, reason: expect.stringContaining("First deployment: nothing was live") });
    const finished = await makeFinishRollback(world.deps)({ deploymentId: deployment.deploymentId, state: { ...state, rollback: rolled } });
    expect(world.traffic.weights).toEqual({ a: 0, b: 100 });
    expect(world.log.of("autoscaling", "scaleDown")).toHaveLength(0);
    expect(finished.reason).toContain("kept shop-api-prod-b up");
  });

  it("a failed first deployment that never took traffic scales its fleet down", async () => {
    const { world, deployment, state } = await setup();
    world.ledger.live.clear();
    await makeFinishRollback(world.deps)({ deploymentId: deployment.deploymentId, state });
    expect(world.log.of("autoscaling", "scaleDown").map((call) => call.args[0])).toEqual(["shop-api-prod-b"]);
  });

  it("a failure right after promotion made the commit live is recorded as promoted, and the new fleet stays", async () => {
    const { world, deployment, state, shifted } = await setup();
    await shifted();
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "b", commit: deployment.commit, imageId: deployment.imageId, updatedAt: "" });
    const finished = await makeFinishRollback(world.deps)({ deploymentId: deployment.deploymentId, state: { ...state, error: { Error: "ThrottledError", Cause: "Rate exceeded" } } });
    expect(finished.outcome).toBe("promoted");
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.outcome).toBe("promoted");
    expect(world.log.of("autoscaling", "scaleDown")).toHaveLength(0);
  });
});

describe("rollback reasons", () => {
  it.each([
    [{ Error: "AlarmTriggeredError", Cause: "Bake 2: failed — shop-api-prod-b-5xx is in ALARM" }, "AlarmTriggeredError: Bake 2: failed — shop-api-prod-b-5xx is in ALARM"],
    [{ Error: "SmokeTestFailedError", Cause: JSON.stringify({ errorType: "SmokeTestFailedError", errorMessage: "GET /health → 503" }) }, "SmokeTestFailedError: GET /health → 503"],
    [{ Error: "States.Timeout", Cause: "" }, "States.Timeout: a step ran past its TimeoutSeconds"],
    [{ Error: "States.Timeout", Cause: "States.Timeout" }, "States.Timeout: a step ran past its TimeoutSeconds"],
    [{ Error: "MysteryError", Cause: "" }, "MysteryError: no cause was given"],
  ])("says what %o means", (error, summary) => {
    expect(failureSummary(error)).toContain(summary);
  });
});
