// Incident (issue 8 item 2): a stop lands while "Shift traffic" runs. StopExecution ends the execution at
// once, cleanup puts traffic back and releases the lease, and then the still-running Lambda writes its
// canary weight: traffic stays split with nothing in progress, no lease and a `failed` record.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("a stop that lands while a Task runs", () => {
  it("a Shift traffic that writes after cleanup is repaired within one reconcile period: all traffic back on the live slot", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopDuring: "Shift traffic", commit: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.liveSlot).toBe("b");
    // The late write landed after cleanup, and Route 53, still processing it, refused the Lambda's take-back ...
    expect(events.find((event) => event.state === "Shift traffic" && /could not take the write back/.test(event.text))?.text).toMatch(/PriorRequestNotComplete/);
    // ... so the reconciler, with no lease holder, puts traffic back within one period.
    expect(events.filter((event) => event.state === "Reconciler").map((event) => event.text)).toContainEqual(expect.stringMatching(/idle slot a had 10% of traffic; restoring b to 100%/));
    expect(stopped.weights).toEqual({ a: 0, b: 100 });
    expect(result.atRest.weights).toEqual({ a: 0, b: 100 });
    expect(result.liveCommit).toBe("v1");
  });

  it("the next push after such a stop deploys normally and goes live", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }, { commit: "v3" }], faults: [{ stopDuring: "Shift traffic", commit: "v2" }] }));
    expect(result.deployments.map((d) => d.outcome)).toEqual(["promoted", "failed", "promoted"]);
    expect(result.liveCommit).toBe("v3");
    expect(result.deployments[2]!.weights).toEqual({ a: 100, b: 0 });
    expect(result.atRest.weights).toEqual({ a: 100, b: 0 });
  });
});

describe("a Task's Lambda that times out after its write landed", () => {
  it("a Shift traffic that timed out is rolled back: all traffic back on the live slot, the reason names the timeout", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ timeoutIn: "Shift traffic", commit: "v2" }] }));
    const timedOut = result.deployments[1]!;
    expect(timedOut.outcome).toBe("rolled_back");
    expect(timedOut.reason).toMatch(/Lambda\.Unknown|timed out/);
    expect(timedOut.weights).toEqual({ a: 0, b: 100 });
    expect(result.liveCommit).toBe("v1");
  });
});
