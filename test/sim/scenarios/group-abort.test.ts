// Issue 11: a one-group deployment stopped from outside (`glidepath abort`: StopExecution runs no Catch) while
// its instance refresh is in progress. Cleanup must roll the refresh back, or the group is left half on the
// stopped release with nothing running it — Auto Scaling's own rollback only follows the watched alarms.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const GROUP = "shop-api-sandbox";

function rollingOnOneGroup(bake = "3m"): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 25, bake }, { percent: 50, bake }, { percent: 100 }] },
  };
}

describe("a rolling deployment on one group stopped while its instance refresh runs", () => {
  it("cleanup rolls the refresh back: the group runs the live release again and the monitor sees no break", async () => {
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopAt: "Bake under alarm watch", commit: "v2" }] }));
    // Without the rollback the monitor sees the break at rest: the refresh still running, instances on v2.
    expect(result.invariants.violations).toEqual([]);
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.reason).toMatch(/instance refresh .* of shop-api-sandbox back/);
    expect(stopped.steps.filter((step) => step.kind === "rollback").map((step) => step.reason)).toContainEqual(expect.stringMatching(/^cleanup after execution ABORTED: .*instance refresh/));
    expect(result.liveCommit).toBe("v1");
  });
});

describe("a rolling deployment on one group stopped while its instance refresh runs, its ended event lost", () => {
  // No cleanup runs; the lease was granted for the whole deployment (hours), so waiting for it to expire would
  // leave the refresh to run on to 100% of the stopped release. The reconciler sees the holder has ended.
  it("the reconciler sweeps the ended execution's lease within a period, rolling the refresh back and saying why", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopAt: "Bake under alarm watch", commit: "v2" }, { loseEndedEvent: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    // Without the sweep's rollback the refresh runs on: at rest the group serves v2 while v1 is live (I1).
    expect(result.invariants.violations).toEqual([]);
    expect(events.filter((event) => event.state === "Cleanup").map((event) => event.text)).toEqual([expect.stringMatching(/Execution Status Change event of .* was lost on its way to cleanup/)]);
    const stoppedAt = events.find((event) => event.state === "Stopped")!.t;
    const sweeps = events.filter((event) => event.state === "Reconciler" && /no cleanup released its lease/.test(event.text));
    expect(sweeps.map((event) => event.text)).toEqual([expect.stringMatching(/ended ABORTED at .*; .*rolling instance refresh .* of shop-api-sandbox back \(Auto Scaling reports it \d+% complete[,:] /)]);
    // Cleanup's grace and one reconcile period at most.
    expect(sweeps[0]!.t - stoppedAt).toBeLessThanOrEqual((120 + 300) * 1000);
    const rolledBack = result.events.filter((event) => event.detailType === "Deployment Rolled Back" && event.release === "v2");
    expect(rolledBack.map((event) => event.detail.reason)).toEqual([expect.stringMatching(/^reconciler: execution .* ended ABORTED .*instance refresh .* back/)]);
    expect(result.liveCommit).toBe("v1");
  });
});

describe("a stop that lands while Replace instances runs, its refresh started only after cleanup ran", () => {
  it("the Task finds its deployment ended and rolls its own refresh back: the group runs the live release", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopDuring: "Replace instances", commit: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    // Without the take-back the refresh started after cleanup looked runs on: at rest the group serves v2 (I1).
    expect(result.invariants.violations).toEqual([]);
    const late = events.filter((event) => event.state === "Replace instances" && /stopped execution/.test(event.text)).map((event) => event.text);
    expect(late).toEqual([expect.stringMatching(/runs on after cleanup/), expect.stringMatching(/Lambda failed: DeploymentStoppedError: .* already ended .*; rolling instance refresh .* of shop-api-sandbox back/)]);
    expect(result.liveCommit).toBe("v1");
  });
});

describe("a one-group deployment stopped before it started its own refresh, the release before's still Baking", () => {
  // Found by the fuzzer: cleanup rolled back whatever refresh ran, here v1's (promoted, its BakeTime not over),
  // taking the group back to the release before v1 while the ledger said v1 was live (I1).
  it("cleanup leaves the release before's refresh alone: the group keeps running the live release", async () => {
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopAt: "Bake image", commit: "v2" }] }));
    expect(result.invariants.violations).toEqual([]);
    expect(result.deployments[1]!.reason).toMatch(/instance refresh .* of shop-api-sandbox \(Baking\) started before this deployment: it is the release before's, left alone/);
    expect(result.liveCommit).toBe("v1");
  });
});
