import { pusher } from "./scenario-builders.ts";
import { describe, expect, it } from "vitest";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { startSandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";

describe("concurrency: supersede", () => {
  it("a push mid-canary stops the running deployment, cleanup puts traffic back, and the newer commit deploys", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic", config: { ...sandboxConfigInput(), concurrency: "supersede" } });
    try {
      const push = async (label: string, previous?: string) => {
        const outcome = await pusher(sandbox)(label, previous);
        if (outcome.status === "ignored") throw new Error(`push of ${label} ignored: ${outcome.reason}`);
        return outcome.executionName;
      };
      await push("v1");
      await sandbox.executions.settled();

      const commitExecution = (label: string) => `shop-api-sandbox-${commitIdOf(label).slice(0, 12)}`;
      let third: Promise<string> | undefined;
      sandbox.listen((event) => {
        if (event.state === "Shift traffic" && event.execution === commitExecution("v2") && !third) third = push("v3", "v2");
      });
      const second = await push("v2", "v1");
      await sandbox.executions.settled();
      expect(third, "v2 shifted traffic, so v3 was pushed").toBeDefined();
      const v3Name = await third!;
      await sandbox.executions.settled();

      const ledger = sandbox.adapters.ledger;
      // v3 queued behind v2 after stopping it; cleanup released v2's lease and started v3's second attempt.
      const [v2, v3] = [await ledger.getDeployment("shop-api", "sandbox", second), await ledger.getDeployment("shop-api", "sandbox", `${v3Name}-2`)];
      expect(sandbox.executions.runs.get(second)?.status).toBe("ABORTED");
      // Cleanup (the ABORTED event's handler) moved v2's canary share back to the live slot and freed the lease.
      expect((await sandbox.executions.runs.get(second)!.done).cleanup).toMatchObject({ outcome: "converged", trafficChanged: true, leaseReleased: true });
      expect(v2).toMatchObject({ outcome: "failed", toSlot: "a", reason: expect.stringContaining(`execution ABORTED, superseded by ${v3Name}`) });
      expect(v2?.control).toMatchObject({ kind: "supersede", by: v3Name });
      expect(v2?.steps.map((step) => step.reason)).toEqual(
        expect.arrayContaining([expect.stringMatching(`^Superseded by ${v3Name}`), expect.stringMatching(/^cleanup after execution ABORTED/)]),
      );
      // v2 was stopped before promotion, so v3 deploys to the same idle slot v2 had.
      expect(v3).toMatchObject({ outcome: "promoted", fromSlot: "b", toSlot: "a" });
      expect(await ledger.getLive("shop-api", "sandbox")).toMatchObject({ commit: commitIdOf("v3"), liveSlot: "a" });
      expect(await sandbox.weights()).toEqual({ a: 100, b: 0 });
    } finally {
      await sandbox.close();
    }
  });
});
