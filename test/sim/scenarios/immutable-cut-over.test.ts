// An immutable release whose cut-over is interrupted midway ends in a clean state: a retried cut-over (a
// transient error, a Lambda that died) finishes it and the release is promoted; one that fails for good is undone
// by Roll back while every old instance still serves. Either way no instance is left in no group, the group never
// runs two versions at rest, and the monitor holds every invariant.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const GROUP = "shop-api-sandbox";

function immutable(): ConfigInput {
  const input = sandboxConfigInput();
  return { ...input, fleet: { provider: "autoscaling", capacity: 3, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } }, strategy: { kind: "immutable" }, finalBake: "5m" };
}

/** The v2 release's Auto Scaling `operation` fails with `error` (each call, `times` times) during its cut-over. */
function failingAt(operation: string, error: string, times = 1) {
  return aScenario({ config: immutable(), then: [{ commit: "v2" }], faults: [{ service: "autoscaling", operation, error, times, during: "v2", message: `injected: the cut-over stops before ${operation}` }] });
}

describe("an immutable cut-over interrupted midway", () => {
  it("is finished by its retry after failing between DetachInstances and AttachInstances", async () => {
    const result = await runScenario(failingAt("AttachInstances", "InternalFailure", 5));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([["v1", "promoted"], ["v2", "promoted"]]);
    expect(result.deployments[1]!.steps.map((step) => step.reason)).toContainEqual(expect.stringMatching(/^Cut over: shop-api-sandbox runs 3 instances .* moved 3 .* took 3 old instances out/));
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is finished by its retry after its Lambda timed out", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2" }], faults: [{ timeoutIn: "Cut over to the new instances", commit: "v2" }] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([["v1", "promoted"], ["v2", "promoted"]]);
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is undone by Roll back when it fails for good between DetachInstances and AttachInstances: the stranded instances go with the temporary group", async () => {
    const result = await runScenario(failingAt("AttachInstances", "ValidationError"));
    const failed = result.deployments[1]!;
    expect(failed.outcome).toBe("rolled_back");
    expect(failed.steps.map((step) => step.reason)).toContainEqual(expect.stringMatching(/^Undid the interrupted cut-over: put 3 new instances left in no group back into shop-api-sandbox-immutable-/));
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is undone by Roll back when it fails for good before the old instances leave: the new ones leave the group again", async () => {
    const result = await runScenario(failingAt("TerminateInstanceInAutoScalingGroup", "ValidationError"));
    const failed = result.deployments[1]!;
    expect(failed.outcome).toBe("rolled_back");
    expect(failed.steps.map((step) => step.reason)).toContainEqual(expect.stringMatching(/^Undid the interrupted cut-over: took 3 new instances back out of shop-api-sandbox; put 3 new instances left in no group back into/));
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is undone by cleanup when the execution is stopped on its way to Roll back", async () => {
    const scenario = failingAt("TerminateInstanceInAutoScalingGroup", "ValidationError");
    const result = await runScenario({ ...scenario, faults: [...scenario.faults, { stopAt: "Roll back", commit: "v2" }] });
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.reason).toMatch(/took 3 new instances back out of shop-api-sandbox; put 3 new instances left in no group back into shop-api-sandbox-immutable-/);
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is undone by the reconciler's sweep when no cleanup ran", async () => {
    const scenario = failingAt("TerminateInstanceInAutoScalingGroup", "ValidationError");
    const result = await runScenario({ ...scenario, faults: [...scenario.faults, { stopAt: "Roll back", commit: "v2" }, { loseEndedEvent: "v2" }] });
    expect(result.deployments[1]!.outcome).not.toBe("promoted");
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is recorded live when the execution is stopped while it runs and its Lambda runs on to the end: the group runs only the new version", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2" }], faults: [{ stopDuring: "Cut over to the new instances", commit: "v2" }] }));
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("promoted");
    expect(stopped.reason).toMatch(/^promoted \(its cut-over had finished\), then execution ABORTED by StopExecution/);
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("is recorded live by the reconciler's sweep when the execution is stopped while it runs and no cleanup ran", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2" }], faults: [{ stopDuring: "Cut over to the new instances", commit: "v2" }, { loseEndedEvent: "v2" }] }));
    // The release's outcome is read as its execution ends, before the sweep; the ledger at the end says it is live.
    expect(result.liveCommit).toBe("v2");
    const promoted = result.events.filter((event) => event.detailType === "Deployment Promoted" && event.release === "v2");
    expect(promoted.map((event) => event.detail.reason)).toEqual([expect.stringMatching(/^promoted \(its cut-over had finished\), then reconciler: execution .* ended ABORTED/)]);
    expect(result.invariants.violations).toEqual([]);
  });
});
