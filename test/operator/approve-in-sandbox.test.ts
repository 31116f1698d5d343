import { describe, expect, it } from "vitest";
import { sendApprovalDecision, type ApprovalDecisionSent } from "../../functions/operator/approve.ts";
import { deployRelease } from "../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";

describe("glidepath approve against the sandbox's ledger", () => {
  it("finds the task token request-approval recorded and rejects the A/B test, which rolls back", async () => {
    const sent: ApprovalDecisionSent[] = [];
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest" as const, percent: 20, until: "approval" as const } };
    const sandbox: Sandbox = await startSandbox({
      config,
      traffic: "synthetic",
      approve: () =>
        void sendApprovalDecision(
          { ledger: sandbox.adapters.ledger, executions: sandbox.executions },
          { app: "shop-api", env: "sandbox", approved: false, reason: "the B cohort converts worse" },
        ).then((decision) => sent.push(decision)),
    });
    try {
      await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
      const [second] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
      expect(sent).toMatchObject([{ deploymentId: second!.execution, question: "Promote shop-api/sandbox from 20% to 100% of traffic?", approved: false }]);
      expect(second!.outcome).toBe("rolled_back");
      expect(second!.reason).toContain("ApprovalRejectedError: the B cohort converts worse");
      expect(second!.weights).toEqual({ a: 0, b: 100 });
    } finally {
      await sandbox.close();
    }
  });
});
