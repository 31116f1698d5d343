import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("after a first deployment that failed", () => {
  it("keeps its fleet serving, and the next good release canaries away from it and is promoted", async () => {
    const result = await runScenario(aScenario({ deployments: [{ commit: "v1-bad", errorRate: 0.3 }, { commit: "v2" }] }));
    const [bad, good] = result.deployments;
    expect(bad).toMatchObject({ outcome: "rolled_back", liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(bad!.reason).toContain("kept shop-api-sandbox-b up");
    expect(good).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(good!.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights)).toEqual([{ a: 10, b: 90 }, { a: 50, b: 50 }, { a: 100, b: 0 }]);
  });

  it("never redeploys or scales down the fleet still serving when the next release fails too", async () => {
    const result = await runScenario(aScenario({ deployments: [{ commit: "v1-bad", errorRate: 0.3 }, { commit: "v2-unhealthy", healthy: false }] }));
    const second = result.deployments[1]!;
    expect(second.outcome).toBe("rolled_back");
    expect(second.reason).toContain("shop-api-sandbox-a");
    expect(second.reason).not.toContain("scaled shop-api-sandbox-b down");
    expect(second).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
  });
});
