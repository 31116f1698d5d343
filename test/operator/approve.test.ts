import { describe, expect, it } from "vitest";
import type { DeploymentRecord, StepRecord } from "../../functions/core/model.ts";
import { NoApprovalPendingError, NoDeploymentInProgressError, sendApprovalDecision } from "../../functions/operator/approve.ts";
import { aFakeWorld, type FakeWorld } from "../fixtures/fake-adapters.ts";

const QUESTION = "Promote shop-api/prod from 20% to 100% of traffic?";

function aDeployment(id: string, overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    app: "shop-api",
    env: "prod",
    deploymentId: id,
    commit: "0123456789abcdef0123456789abcdef01234567",
    configVersion: 3,
    strategy: "abTest",
    plan: [{ kind: "setWeight", percent: 20 }, { kind: "approval", timeoutSeconds: 86_400, question: QUESTION }, { kind: "setWeight", percent: 100 }],
    fromSlot: "a",
    toSlot: "b",
    steps: [],
    outcome: "in_progress",
    startedAt: "2026-01-01T12:00:00.000Z",
    ...overrides,
  };
}

const shifted: StepRecord = { index: 0, kind: "setWeight", weights: { a: 80, b: 20 }, reason: "Shifted 20% to slot b", startedAt: "2026-01-01T12:10:00.000Z" };
const waiting: StepRecord = { index: 1, kind: "approval", reason: `Waiting up to 86400s for approval: ${QUESTION}`, startedAt: "2026-01-01T12:11:00.000Z", taskToken: "token-v2" };

async function worldWith(...deployments: DeploymentRecord[]): Promise<FakeWorld> {
  const world = aFakeWorld();
  for (const deployment of deployments) await world.ledger.createDeployment(deployment);
  return world;
}

const ports = (world: FakeWorld) => ({ ledger: world.ledger, executions: world.executions });
const decisions = (world: FakeWorld) => world.log.of("executions").filter((call) => call.method.startsWith("sendTask")).map((call) => [call.method, ...call.args]);

describe("glidepath approve", () => {
  it("sends an approval to the step the deployment in progress waits on", async () => {
    const world = await worldWith(aDeployment("shop-api-prod-0123456789ab", { steps: [shifted, waiting] }));
    const sent = await sendApprovalDecision(ports(world), { app: "shop-api", env: "prod", approved: true, reason: "conversion up 2%" });
    expect(decisions(world)).toEqual([["sendTaskSuccess", "token-v2", { approved: true, reason: "conversion up 2%" }]]);
    expect(sent).toMatchObject({ deploymentId: "shop-api-prod-0123456789ab", question: QUESTION, approved: true, reason: "conversion up 2%" });
  });

  it("sends a rejection with its reason", async () => {
    const world = await worldWith(aDeployment("shop-api-prod-0123456789ab", { steps: [shifted, waiting] }));
    await sendApprovalDecision(ports(world), { app: "shop-api", env: "prod", approved: false, reason: "checkout errors in the B cohort" });
    expect(decisions(world)).toEqual([["sendTaskFailure", "token-v2", "ApprovalRejectedError", "checkout errors in the B cohort"]]);
  });

  it("answers the execution named by ARN", async () => {
    const world = await worldWith(
      aDeployment("shop-api-prod-aaaaaaaaaaaa", { steps: [shifted, { ...waiting, taskToken: "token-named" }] }),
      aDeployment("shop-api-prod-bbbbbbbbbbbb", { steps: [shifted, waiting] }),
    );
    await sendApprovalDecision(ports(world), {
      app: "shop-api",
      env: "prod",
      execution: "arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:shop-api-prod-aaaaaaaaaaaa",
      approved: true,
      reason: "ok",
    });
    expect(decisions(world)).toEqual([["sendTaskSuccess", "token-named", { approved: true, reason: "ok" }]]);
  });

  it.each([
    ["the ledger has no deployment", [], NoDeploymentInProgressError, "no deployment of shop-api/prod is in progress (the ledger has none)"],
    [
      "the latest deployment has ended",
      [aDeployment("shop-api-prod-0123456789ab", { outcome: "rolled_back", reason: "Rolled back: ApprovalRejectedError: no", steps: [shifted, waiting] })],
      NoDeploymentInProgressError,
      "the latest, shop-api-prod-0123456789ab, ended rolled_back (Rolled back: ApprovalRejectedError: no)",
    ],
    ["the deployment is not at an approval step", [aDeployment("shop-api-prod-0123456789ab", { steps: [shifted] })], NoApprovalPendingError, "not waiting for an approval (last step: setWeight, Shifted 20% to slot b)"],
    [
      "the approval step has ended",
      [aDeployment("shop-api-prod-0123456789ab", { steps: [shifted, { ...waiting, endedAt: "2026-01-01T12:20:00.000Z" }] })],
      NoApprovalPendingError,
      "not waiting for an approval",
    ],
  ])("refuses when %s, sending nothing", async (_rule, deployments, errorClass, message) => {
    const world = await worldWith(...deployments);
    const attempt = sendApprovalDecision(ports(world), { app: "shop-api", env: "prod", approved: true, reason: "ok" });
    await expect(attempt).rejects.toThrow(errorClass);
    await expect(attempt).rejects.toThrow(message);
    expect(decisions(world)).toEqual([]);
  });

  it("refuses an execution that is not in the ledger", async () => {
    const world = await worldWith();
    await expect(sendApprovalDecision(ports(world), { app: "shop-api", env: "prod", execution: "shop-api-prod-ffffffffffff", approved: true, reason: "ok" })).rejects.toThrow(
      "no deployment shop-api-prod-ffffffffffff of shop-api/prod in the ledger",
    );
  });

  it("says the approval is no longer waiting when Step Functions answers TaskTimedOut", async () => {
    const world = await worldWith(aDeployment("shop-api-prod-0123456789ab", { steps: [shifted, waiting] }));
    world.executions.sendTaskSuccess = async () => {
      throw Object.assign(new Error("Task Timed Out: 'arn:...'"), { name: "TaskTimedOut" });
    };
    await expect(sendApprovalDecision(ports(world), { app: "shop-api", env: "prod", approved: true, reason: "ok" })).rejects.toThrow(
      "the approval step of shop-api-prod-0123456789ab is no longer waiting: it was decided or timed out (TaskTimedOut)",
    );
  });
});
