// Incidents where push events reach Glidepath late or out of order (issue 8 item 3): git history, not
// arrival, decides which commit is newer, so the branch never goes backwards (I7).
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";
import { aScenario, pusher } from "./scenario-builders.ts";

const APP = ["shop-api", "sandbox"] as const;


describe("push events delivered late or out of order", () => {
  it("v2's event arrives after v3 went live: v2 is skipped with the reason, and v3 stays live", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const push = pusher(sandbox);
      await push("v1");
      await sandbox.executions.settled();
      // v2 and then v3 were pushed to the branch, but EventBridge delivered v2's event last.
      await push("v3", "v2");
      await sandbox.executions.settled();
      const late = await push("v2", "v1");
      await sandbox.executions.settled();

      expect(late.status).toBe("started");
      const ledger = sandbox.adapters.ledger;
      expect((await ledger.getLive(...APP))?.commit).toBe(commitIdOf("v3"));
      expect(await ledger.getPush(...APP, commitIdOf("v2"))).toMatchObject({
        status: "skipped",
        reason: expect.stringContaining(`is an ancestor of the live commit ${commitIdOf("v3").slice(0, 12)}`),
      });
      const deployedCommits = (await ledger.listDeployments(...APP)).map((deployment) => deployment.commit);
      expect(deployedCommits).not.toContain(commitIdOf("v2"));
      expect(await sandbox.weights()).toEqual({ a: 100, b: 0 });
    } finally {
      await sandbox.close();
    }
  });

  it("a force push back to v2 after v3 went live deploys v2: the newest push by arrival wins", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const push = pusher(sandbox);
      await push("v1");
      await sandbox.executions.settled();
      await push("v2", "v1");
      await sandbox.executions.settled();
      await push("v3", "v2");
      await sandbox.executions.settled();
      // `git push --force origin v2:main`: CodeCommit says only that main moved from v3 to v2.
      const rewind = await push("v2", "v3");
      await sandbox.executions.settled();

      expect(rewind).toMatchObject({ status: "started", executionName: `shop-api-sandbox-${commitIdOf("v2").slice(0, 12)}-2` });
      expect(await sandbox.adapters.ledger.getPush(...APP, commitIdOf("v2"))).toMatchObject({ forced: true, parent: null });
      expect((await sandbox.adapters.ledger.getLive(...APP))?.commit).toBe(commitIdOf("v2"));
    } finally {
      await sandbox.close();
    }
  });

  it("a scenario file's late event ({deliverLate: v2, after: v3}) reports v2 as skipped, naming the live commit", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }, { commit: "v3" }], faults: [{ deliverLate: "v2", after: "v3" }] }));
    expect(result.deployments.map((deployment) => [deployment.commit, deployment.outcome])).toEqual([["v1", "promoted"], ["v3", "promoted"], ["v2", "skipped"]]);
    expect(result.deployments[2]!.reason).toContain(`is an ancestor of the live commit ${commitIdOf("v3").slice(0, 12)}`);
    expect(result.liveCommit).toBe("v3");
  });

  it("refuses a late event that names no deployment or one pushed before it", () => {
    const parsed = parseScenario({ deployments: [{ commit: "v1" }, { commit: "v2" }], faults: [{ deliverLate: "v2", after: "v1" }, { deliverLate: "v9", after: "v2" }] });
    expect(parsed).toEqual({ ok: false, problems: ["faults[0].after: must be a deployment pushed after v2", "faults[1].deliverLate: names no deployment (commits: v1, v2)"] });
  });
});
