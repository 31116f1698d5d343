// Incidents where pushes arrive while a deployment holds the lease (issue 8 item 5): they wait in the
// ledger's push queue, not in a retry loop that gives up, and the newest one deploys once the lease frees (I9).
import { describe, expect, it } from "vitest";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { pusher } from "./scenario-builders.ts";

const APP = ["shop-api", "sandbox"] as const;
const id12 = (label: string) => commitIdOf(label).slice(0, 12);


describe("pushes queued behind a deployment", () => {
  it("v2 waits 8 hours for approval while v3 is pushed: v3 deploys after v2 ends, and the ledger says so", async () => {
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest" as const, percent: 10, until: "approval" }, approval: { timeout: "24h" } };
    let pushedV3: Promise<unknown> | undefined;
    // The approval callback runs only once the sandbox is running, so it may refer to it.
    const sandbox: Sandbox = await startSandbox({
      traffic: "synthetic",
      config,
      approve: (execution, request) => {
        const box = sandbox;
        const isV2 = execution.includes(id12("v2"));
        if (isV2 && !pushedV3) pushedV3 = pusher(box)("v3", "v2");
        const after = isV2 ? 8 * 3600_000 : 60_000;
        box.clock.schedule(after, () => void box.executions.sendTaskSuccess(request.taskToken, { approved: true, reason: "approved by the on-call" }).catch(() => {}));
      },
    });
    try {
      const push = pusher(sandbox);
      await push("v1");
      await sandbox.executions.settled();
      const v2Started = sandbox.clock.now();
      await push("v2", "v1");
      await sandbox.executions.settled();
      expect(pushedV3, "v2 reached its approval step, so v3 was pushed").toBeDefined();
      await pushedV3;
      await sandbox.executions.settled();

      const ledger = sandbox.adapters.ledger;
      const v2 = await ledger.getDeployment(...APP, `shop-api-sandbox-${id12("v2")}`);
      const v3 = await ledger.getDeployment(...APP, `shop-api-sandbox-${id12("v3")}-2`);
      expect(v2).toMatchObject({ outcome: "promoted" });
      expect(v3).toMatchObject({ outcome: "promoted" });
      expect(Date.parse(v3!.startedAt)).toBeGreaterThanOrEqual(Date.parse(v2!.endedAt!));
      expect(Date.parse(v3!.startedAt) - v2Started).toBeGreaterThan(8 * 3600_000);
      expect(await ledger.getPush(...APP, commitIdOf("v3"))).toMatchObject({ status: "deploying", execution: `shop-api-sandbox-${id12("v3")}-2` });
      // The first attempt ended cleanly: queued, not failed.
      expect(sandbox.executions.runs.get(`shop-api-sandbox-${id12("v3")}`)?.status).toBe("SUCCEEDED");
      expect((await ledger.getLive(...APP))?.commit).toBe(commitIdOf("v3"));
    } finally {
      await sandbox.close();
    }
  });

  it("three pushes while one deploys: only the newest deploys, and the middle one is recorded as superseded", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic" });
    try {
      const push = pusher(sandbox);
      await push("v1");
      await sandbox.executions.settled();
      let more: Promise<unknown> | undefined;
      sandbox.listen((event) => {
        if (event.state !== "Shift traffic" || !event.execution.includes(id12("v2")) || more) return;
        more = (async () => {
          // v3 queues (its execution ends), then v4 arrives while v2 still deploys.
          await push("v3", "v2");
          await sandbox.executions.runs.get(`shop-api-sandbox-${id12("v3")}`)?.done;
          await push("v4", "v3");
        })();
      });
      await push("v2", "v1");
      await sandbox.executions.settled();
      await more;
      await sandbox.executions.settled();

      const ledger = sandbox.adapters.ledger;
      const deployed = (await ledger.listDeployments(...APP)).map((deployment) => [deployment.commit, deployment.outcome]);
      expect(deployed).toEqual([
        [commitIdOf("v4"), "promoted"],
        [commitIdOf("v2"), "promoted"],
        [commitIdOf("v1"), "promoted"],
      ]);
      expect(await ledger.getPush(...APP, commitIdOf("v3"))).toMatchObject({
        status: "superseded",
        reason: expect.stringContaining(`superseded while waiting for the lease by ${id12("v4")}, a newer push`),
      });
      expect(await ledger.getPending(...APP)).toBeNull();
      expect((await ledger.getLive(...APP))?.commit).toBe(commitIdOf("v4"));
    } finally {
      await sandbox.close();
    }
  });
});
