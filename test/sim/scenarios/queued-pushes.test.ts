import { describe, expect, it } from "vitest";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { codeCommitPushEvent } from "../../../local/codecommit-event.ts";
import { startSandbox } from "../../../local/sandbox/sandbox.ts";

describe("pushes that arrive while a deployment runs", () => {
  it("a push queued behind a promotion deploys to the slot that is idle by then, never to the live fleet", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const push = (label: string, previous?: string) =>
        sandbox.push(
          codeCommitPushEvent({ repositoryName: "shop-api", branch: "main", commit: commitIdOf(label), ...(previous ? { oldCommit: commitIdOf(previous) } : {}), time: new Date(sandbox.clock.now()) }),
        );
      await push("v1");
      await sandbox.executions.settled();
      const [second, third] = [await push("v2", "v1"), await push("v3", "v2")];
      await sandbox.executions.settled();

      const ledger = sandbox.adapters.ledger;
      const [v2, v3] = [await ledger.getDeployment("shop-api", "sandbox", second.status === "ignored" ? "" : second.executionName), await ledger.getDeployment("shop-api", "sandbox", third.status === "ignored" ? "" : third.executionName)];
      expect(v2).toMatchObject({ outcome: "promoted", fromSlot: "b", toSlot: "a" });
      expect(v3).toMatchObject({ outcome: "promoted", fromSlot: "a", toSlot: "b" });
      expect((await ledger.getLive("shop-api", "sandbox"))?.commit).toBe(commitIdOf("v3"));
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
    } finally {
      await sandbox.close();
    }
  });
});
