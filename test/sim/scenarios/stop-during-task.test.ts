// Incident (issue 8 item 2): a stop lands while "Shift traffic" runs. StopExecution ends the execution at
// once, cleanup puts traffic back and releases the lease, and then the still-running Lambda writes its
// canary weight: traffic stays split with nothing in progress, no lease and a `failed` record. Repaired at
// first by the Task's take-back and the reconciler, which left a window the fuzzer found (I2); now cleanup's
// fence at Route 53 (core/fence.ts) keeps the late write out altogether.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("a stop that lands while a Task runs", () => {
  it("a Shift traffic that writes after cleanup is fenced out: its weights never reach Route 53", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopDuring: "Shift traffic", commit: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.liveSlot).toBe("b");
    // Cleanup fenced Route 53 as the sweeper of the stopped deployment's token: the late write is refused whole ...
    const late = events.find((event) => event.state === "Shift traffic" && /Lambda failed/.test(event.text))?.text;
    expect(late).toMatch(/StaleLeaseError: .*\(holder, token 2\) may not write weights a=10 b=90: Route 53's fence .* names cleanup of .*\(sweeper, token 2\), which outranks it/);
    // ... so there is nothing for the reconciler to put back, and no moment with traffic on the stopped slot.
    expect(events.filter((event) => event.state === "Reconciler").map((event) => event.text)).not.toContainEqual(expect.stringMatching(/had \d+% of traffic/));
    expect(result.invariants.violations).toEqual([]);
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
