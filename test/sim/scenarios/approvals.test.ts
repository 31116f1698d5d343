import { describe, expect, it } from "vitest";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

/** The sandbox's app released by an A/B test: 20% until someone approves, for at most 30 minutes. */
const abTestConfig = { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "approval" }, approval: { timeout: "30m" } };

describe("approval steps in the sandbox", () => {
  it("promotes an A/B test once it is approved", async () => {
    const result = await runScenario(aScenario({ config: abTestConfig, then: [{ commit: "v2", approval: "approve", approvalAfter: "5m" }] }));
    const second = result.deployments[1]!;
    expect(second).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    const shifts = second.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights);
    expect(shifts).toEqual([{ a: 20, b: 80 }, { a: 100, b: 0 }]);
    const approval = second.steps.find((step) => step.kind === "approval")!;
    expect(approval.reason).toContain("Promote shop-api/sandbox from 20% to 100% of traffic?");
    // The decision arrived 5 virtual minutes after the request, and the full shift followed it.
    const fullShift = second.steps.find((step) => step.kind === "setWeight" && step.weights?.a === 100)!;
    expect(Date.parse(fullShift.startedAt) - Date.parse(approval.startedAt)).toBeGreaterThanOrEqual(5 * 60_000);
    expect(result.liveCommit).toBe("v2");
  });

  it("rolls an A/B test back to the live slot when the approval is rejected, naming the rejection", async () => {
    const result = await runScenario(aScenario({ config: abTestConfig, then: [{ commit: "v2", approval: "reject", approvalAfter: "2m" }] }));
    const rejected = result.deployments[1]!;
    expect(rejected.outcome).toBe("rolled_back");
    expect(rejected.reason).toContain("ApprovalRejectedError");
    expect(rejected.reason).toContain("Rejected by the scenario");
    expect(highestShiftPercent(rejected.steps, "a")).toBe(20);
    expect(rejected).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(result.liveCommit).toBe("v1");
  });

  it("rolls an A/B test back with States.Timeout when no decision comes within approval.timeout", async () => {
    const result = await runScenario(aScenario({ config: abTestConfig, then: [{ commit: "v2", approvalAfter: "1h" }] }));
    const timedOut = result.deployments[1]!;
    expect(timedOut.outcome).toBe("rolled_back");
    expect(timedOut.reason).toContain("States.Timeout");
    expect(timedOut).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    // Rolled back when the 30-minute timeout passed, not when the late decision would have come.
    const approval = timedOut.steps.find((step) => step.kind === "approval")!;
    const rollback = timedOut.steps.find((step) => step.kind === "rollback")!;
    const waited = Date.parse(rollback.startedAt) - Date.parse(approval.startedAt);
    expect(waited).toBeGreaterThanOrEqual(30 * 60_000);
    expect(waited).toBeLessThan(40 * 60_000);
    expect(result.liveCommit).toBe("v1");
  });

  it("stops waiting for a decision when the execution is stopped (StopExecution), without running out the timeout", async () => {
    const sandbox: Sandbox = await startSandbox({
      traffic: "synthetic",
      config: { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "approval" } },
      approve: (execution) => void sandbox.executions.stop(execution, "stopped by an operator"),
    });
    try {
      await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
      const [stopped] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
      expect(sandbox.executions.runs.get(stopped!.execution!)?.status).toBe("ABORTED");
      expect(stopped!.weights).toEqual({ a: 0, b: 100 });
      // The default approval.timeout is 24h: the wait ended with the execution, not a day later.
      expect(stopped!.endedAt - stopped!.startedAt).toBeLessThan(60 * 60_000);
      expect(sandbox.executions.pendingTokens()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it.each([
    ["an approval that is neither approve nor reject", { approval: "maybe" }, "deployments[0].approval"],
    ["an approvalAfter that is not a duration", { approvalAfter: "soon" }, "deployments[0].approvalAfter: must be a duration"],
  ])("refuses %s, naming its path", (_rule, fields, problem) => {
    const result = parseScenario({ deployments: [{ commit: "v1", ...fields }] });
    expect(result.ok ? [] : result.problems.join("\n")).toContain(problem);
  });
});
