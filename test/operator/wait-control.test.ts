import { describe, expect, it } from "vitest";
import type { DeploymentRecord, StepRecord } from "../../functions/core/model.ts";
import { NoDeploymentInProgressError } from "../../functions/operator/deployment-in-progress.ts";
import { NoWaitPendingError, promoteWait } from "../../functions/operator/wait-control.ts";
import { aFakeWorld, type FakeWorld } from "../fixtures/fake-adapters.ts";

const ID = "shop-api-prod-0123456789ab";

function aDeployment(steps: StepRecord[], overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    app: "shop-api",
    env: "prod",
    deploymentId: ID,
    commit: "0123456789abcdef0123456789abcdef01234567",
    configVersion: 3,
    strategy: "canary",
    plan: [{ kind: "setWeight", percent: 20 }, { kind: "bake", seconds: 600 }, { kind: "setWeight", percent: 100 }],
    fromSlot: "a",
    toSlot: "b",
    steps,
    outcome: "in_progress",
    startedAt: "2026-01-01T12:00:00.000Z",
    ...overrides,
  };
}

const shifted: StepRecord = { index: 0, kind: "setWeight", weights: { a: 80, b: 20 }, reason: "Shifted 20% to slot b", startedAt: "2026-01-01T12:10:00.000Z" };
const baking: StepRecord = { index: 1, kind: "bake", reason: "Bake 2: watching the alarms for 10m", startedAt: "2026-01-01T12:11:00.000Z", taskToken: "token-bake" };

async function worldWith(deployment: DeploymentRecord): Promise<FakeWorld> {
  const world = aFakeWorld();
  await world.ledger.createDeployment(deployment);
  return world;
}
const ports = (world: FakeWorld) => ({ ledger: world.ledger, executions: world.executions, clock: world.clock });
const sent = (world: FakeWorld) => world.log.of("executions").filter((call) => call.method.startsWith("sendTask")).map((call) => [call.method, ...call.args]);
const request = { app: "shop-api", env: "prod", by: "alice", reason: "metrics look good" };

describe("promote", () => {
  it("ends the bake the deployment waits in as passed and records who did it", async () => {
    const world = await worldWith(aDeployment([shifted, baking]));
    const ended = await promoteWait(ports(world), request);
    const reason = "Promoted by alice: metrics look good; the rest of this bake is skipped";
    expect(sent(world)).toEqual([["sendTaskSuccess", "token-bake", { approved: true, reason }]]);
    expect(ended).toMatchObject({ deploymentId: ID, wait: "bake", reason });
    expect(world.ledger.deployments.get(`shop-api/prod/${ID}`)!.steps.at(-1)).toMatchObject({ index: 1, kind: "bake", reason });
  });

  it("with full, fails a Rollout wait with SkipToFullError, which the Rollout turns into one shift to 100%", async () => {
    const world = await worldWith(aDeployment([shifted, baking]));
    const ended = await promoteWait(ports(world), { ...request, full: true });
    const reason = "Promoted by alice: metrics look good; the remaining steps are skipped: one shift to 100%, then the final bake";
    expect(sent(world)).toEqual([["sendTaskFailure", "token-bake", "SkipToFullError", reason]]);
    expect(ended).toMatchObject({ full: true, reason });
  });

  it("with full during the final bake, promotes as usual: there is no step left to skip", async () => {
    const finalBake: StepRecord = { index: -1, kind: "finalBake", reason: "Final bake", startedAt: "2026-01-01T12:30:00.000Z", taskToken: "token-final" };
    const world = await worldWith(aDeployment([shifted, finalBake]));
    expect(await promoteWait(ports(world), { ...request, full: true })).toMatchObject({ wait: "finalBake", full: false });
    expect(sent(world).map(([method]) => method)).toEqual(["sendTaskSuccess"]);
  });

  it("says the deployment is between waits when it is not in one", async () => {
    const world = await worldWith(aDeployment([shifted]));
    await expect(promoteWait(ports(world), request)).rejects.toThrow(new NoWaitPendingError(`${ID} is in progress but not in a bake or approval wait (last step: setWeight, Shifted 20% to slot b)`));
    expect(sent(world)).toEqual([]);
  });

  it("says the wait has already ended when Step Functions answers TaskTimedOut", async () => {
    const world = await worldWith(aDeployment([shifted, baking]));
    world.executions.sendTaskSuccess = async () => {
      throw Object.assign(new Error("Task Timed Out"), { name: "TaskTimedOut" });
    };
    await expect(promoteWait(ports(world), request)).rejects.toThrow(`the bake wait of ${ID} has already ended (TaskTimedOut)`);
    expect(world.ledger.deployments.get(`shop-api/prod/${ID}`)!.steps).toHaveLength(2);
  });

  it("refuses a deployment that is not in progress", async () => {
    const world = await worldWith(aDeployment([shifted, baking], { outcome: "promoted", reason: "live" }));
    await expect(promoteWait(ports(world), request)).rejects.toBeInstanceOf(NoDeploymentInProgressError);
  });
});
