// Incidents (issue 8 item 6): cleanup and the reconciler never scaled anything down, so a stopped or
// superseded deployment left its new fleet up, and a stop after promotion left the old one up. The
// level-triggered reconciler now drains the idle fleet (its change INSYNC, then the TTL) and scales it to 0
// once scaleDownDelay after the promotion has passed.
import { describe, expect, it } from "vitest";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { startSandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { RECONCILE_PERIOD_SECONDS } from "../../../local/sandbox/reconciler-schedule.ts";
import { aScenario, pusher } from "./scenario-builders.ts";

describe("orphaned fleets", () => {
  it("a deployment stopped mid-shift has its new fleet drained and scaled to 0 by the reconciler", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopAt: "Wait for DNS to sync", commit: "v2" }] }));
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    // v1 is live on b; v2's fleet on a, left up by the stop, is down once the sandbox has rested.
    expect(result.atRest).toEqual({ weights: { a: 0, b: 100 }, desired: { a: 0, b: 2 } });
  });

  it("a deployment stopped after promotion, during the wait before retiring, has its old fleet retired after scaleDownDelay", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopAt: "Wait before retiring the old fleet", commit: "v2" }] }));
    expect(result.liveCommit).toBe("v2");
    expect(result.atRest).toEqual({ weights: { a: 100, b: 0 }, desired: { a: 2, b: 0 } });
  });

  it("a superseded deployment whose successor fails before its fleet has its new fleet scaled to 0", async () => {
    const sandbox = await startSandbox({ traffic: "synthetic", config: { ...sandboxConfigInput(), concurrency: "supersede" } });
    try {
      const push = async (label: string, previous?: string) => {
        const outcome = await pusher(sandbox)(label, previous);
        if (outcome.status === "ignored") throw new Error(`push of ${label} ignored: ${outcome.reason}`);
        return outcome.executionName;
      };
      await push("v1");
      await sandbox.executions.settled();
      sandbox.sim.failBuildsFor(commitIdOf("v3"));
      let third: Promise<string> | undefined;
      const reconciled: string[] = [];
      sandbox.listen((event) => {
        if (event.state === "Shift traffic" && event.execution.endsWith(commitIdOf("v2").slice(0, 12)) && !third) third = push("v3", "v2");
        if (event.state === "Reconciler") reconciled.push(event.text);
      });
      await push("v2", "v1");
      await sandbox.executions.settled();
      await third;
      await sandbox.executions.settled();
      const desired = async (group: string) => (await sandbox.adapters.fleets.autoscaling.status({ group, ref: "" })).desired;
      await sandbox.idle(2 * RECONCILE_PERIOD_SECONDS);
      // Neither execution retired v2's fleet: the reconciler did, once it was drained.
      expect(reconciled.filter((text) => text.includes("scaled shop-api-sandbox-a (slot a) to 0: drained"))).toHaveLength(1);
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      expect({ a: await desired("shop-api-sandbox-a"), b: await desired("shop-api-sandbox-b") }).toEqual({ a: 0, b: 2 });
    } finally {
      await sandbox.close();
    }
  });
});
