import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

describe("releases in the sandbox", () => {
  it("promotes a good canary through every step to 100%", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }] }));
    const [first, second] = result.deployments;
    expect(first).toMatchObject({ outcome: "promoted", liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(second).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    const shifts = second!.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights);
    expect(shifts).toEqual([{ a: 10, b: 90 }, { a: 50, b: 50 }, { a: 100, b: 0 }]);
    expect(result.liveCommit).toBe("v2");
  });

  it("rolls a bad canary back before it reaches 50%, naming the alarm", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2-bad", errorRate: 0.2 }] }));
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-a-error-rate");
    expect(highestShiftPercent(bad.steps, "a")).toBe(10);
    expect(bad).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(result.liveCommit).toBe("v1");
  });

  it("never shifts weight to a release whose smoke test fails", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2-broken", errorRate: 1 }] }));
    const broken = result.deployments[1]!;
    // Rolled back, not merely failed: the idle fleet it brought up is scaled back down.
    expect(broken.outcome).toBe("rolled_back");
    expect(broken.reason).toContain("SmokeTestFailedError");
    expect(broken.steps.some((step) => step.kind === "setWeight")).toBe(false);
    expect(broken.weights).toEqual({ a: 0, b: 100 });
  });

  it("leaves traffic and fleets untouched when the image bake fails", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ failBake: "v2" }] }));
    const failed = result.deployments[1]!;
    expect(failed.outcome).toBe("failed");
    expect(failed.reason).toContain("ImageBuildFailedError");
    expect(failed.steps.filter((step) => step.kind === "setWeight")).toEqual([]);
    expect(failed).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
  });

  it("is reproducible: the same seed gives the same outcomes and timeline", async () => {
    const scenario = aScenario({ then: [{ commit: "v2", errorRate: 0.05 }], seed: 7 });
    const [x, y] = [await runScenario(scenario), await runScenario(scenario)];
    expect(y.deployments.map((d) => [d.outcome, d.reason, d.steps.length])).toEqual(x.deployments.map((d) => [d.outcome, d.reason, d.steps.length]));
    expect(y.timeline.samples).toEqual(x.timeline.samples);
  });
});
