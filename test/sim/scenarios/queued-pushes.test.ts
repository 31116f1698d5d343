import { describe, expect, it } from "vitest";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { pusher } from "./scenario-builders.ts";
import { startSandbox } from "../../../local/sandbox/sandbox.ts";

describe("pushes that arrive while a deployment runs", () => {
  it("a push queued behind a promotion deploys to the slot that is idle by then, never to the live fleet", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const push = pusher(sandbox);
      await push("v1");
      await sandbox.executions.settled();
      // v3 is pushed once v2 holds the lease (v2's first traffic shift), so it queues behind v2.
      let pushedThird: ReturnType<typeof push> | undefined;
      sandbox.listen((event) => {
        if (event.state === "Shift traffic" && event.execution.includes(commitIdOf("v2").slice(0, 12)) && !pushedThird) pushedThird = push("v3", "v2");
      });
      const second = await push("v2", "v1");
      await sandbox.executions.settled();
      const third = await pushedThird!;
      await sandbox.executions.settled();

      const ledger = sandbox.adapters.ledger;
      const v2 = await ledger.getDeployment("shop-api", "sandbox", second.status === "ignored" ? "" : second.executionName);
      // v3 waited in the ledger's queue; releasing v2's lease started it again as its second attempt.
      expect(third).toMatchObject({ status: "started", executionName: `shop-api-sandbox-${commitIdOf("v3").slice(0, 12)}` });
      const v3 = await ledger.getDeployment("shop-api", "sandbox", `shop-api-sandbox-${commitIdOf("v3").slice(0, 12)}-2`);
      expect(v2).toMatchObject({ outcome: "promoted", fromSlot: "b", toSlot: "a" });
      expect(v3).toMatchObject({ outcome: "promoted", fromSlot: "a", toSlot: "b" });
      expect((await ledger.getLive("shop-api", "sandbox"))?.commit).toBe(commitIdOf("v3"));
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
    } finally {
      await sandbox.close();
    }
  });
});
