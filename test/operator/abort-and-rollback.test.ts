// glidepath abort and rollback: what they refuse, and what they do when another signal got there first.
import { describe, expect, it } from "vitest";
import { abortDeployment } from "../../functions/operator/abort.ts";
import { rollBack } from "../../functions/operator/rollback.ts";
import { aConfig } from "../fixtures/config.ts";
import { aDeployedWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

const ALICE = { app: "shop-api", env: "prod", by: "alice", reason: "wrong build" };

async function aRollout() {
  const world = aDeployedWorld(aConfig());
  await world.ledger.createDeployment(aDeployment({ deploymentId: "shop-api-prod-v2", commit: "v2" }));
  const abortDeps = { ledger: world.ledger, executions: world.executions, now: () => world.clock.now() };
  const rollbackDeps = { ...world.deps.adapters, clock: world.clock, sleep: async () => {} };
  return { world, abortDeps, rollbackDeps };
}

describe("abortDeployment", () => {
  it("records the operator's signal, then stops the execution with a cause naming them", async () => {
    const { world, abortDeps } = await aRollout();
    const result = await abortDeployment(abortDeps, ALICE);
    expect(result).toMatchObject({ deploymentId: "shop-api-prod-v2", execution: "stopped", control: { kind: "operatorAbort", by: "alice", reason: "wrong build" } });
    expect(world.log.of("executions", "stop")[0]!.args).toEqual(["shop-api-prod-v2", "Aborted by operator alice: wrong build"]);
    const order = world.log.calls.filter((call) => call.method === "recordControl" || call.method === "stop").map((call) => call.method);
    expect(order).toEqual(["recordControl", "stop"]);
  });

  it("stops nothing when the circuit breaker already ends the deployment, and says so", async () => {
    const { world, abortDeps } = await aRollout();
    await world.ledger.recordControl("shop-api", "prod", "shop-api-prod-v2", { kind: "circuitBreaker", by: "circuit breaker", at: "2024-05-01T12:01:00.000Z", reason: "alarm x entered ALARM" });
    const result = await abortDeployment(abortDeps, ALICE);
    expect(result).toMatchObject({ execution: "already stopping", reason: expect.stringContaining("circuit breaker: alarm x entered ALARM") });
    expect(world.log.of("executions", "stop")).toEqual([]);
  });

  it("stops again when an operator's abort stands already: its StopExecution failed, and the retry must not be a no-op", async () => {
    const { world, abortDeps } = await aRollout();
    // The first try recorded its signal, then StopExecution failed (throttled): the execution still runs.
    await world.ledger.recordControl("shop-api", "prod", "shop-api-prod-v2", { kind: "operatorAbort", by: "alice", at: "2024-05-01T12:01:00.000Z", reason: "wrong build" });
    const result = await abortDeployment(abortDeps, ALICE);
    expect(result).toMatchObject({ execution: "stopped" });
    expect(world.log.of("executions", "stop")).toHaveLength(1);
  });
});

describe("rollBack", () => {
  it("refuses while a rollout runs, pointing at abort", async () => {
    const { rollbackDeps } = await aRollout();
    await expect(rollBack(rollbackDeps, ALICE)).rejects.toMatchObject({ name: "DeploymentInProgressError", message: expect.stringContaining("glidepath abort stops it") });
  });

  it("asks for --to when the ledger does not say what was live before", async () => {
    const world = aDeployedWorld(aConfig(), { previousCommit: "v1" });
    await world.ledger.createDeployment(aDeployment({ deploymentId: "shop-api-prod-v1", commit: "v1", outcome: "promoted" }));
    await expect(rollBack({ ...world.deps.adapters, clock: world.clock, sleep: async () => {} }, ALICE)).rejects.toMatchObject({ name: "UnknownReleaseError", message: expect.stringContaining("name it with --to COMMIT") });
  });
});
