// Incident of issue 8 item 8: a release started while its slot's alarm was already in ALARM, so users got
// 10% of a release bound to roll back.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("preflight into a firing alarm", () => {
  it("refuses a release whose slot's alarm is already in ALARM, naming it, and never shifts traffic", async () => {
    const faults = [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM" as const, for: "2h" }];
    const result = await runScenario(aScenario({ faults, then: [{ commit: "v2" }] }));
    const [first, refused] = result.deployments;
    expect(first!.outcome).toBe("promoted");
    expect(refused!.outcome).toBe("failed");
    expect(refused!.reason).toContain("AlarmAlreadyFiringError");
    expect(refused!.reason).toContain("shop-api-sandbox-a-error-rate is already in ALARM");
    expect(refused!.steps.filter((step) => step.kind === "setWeight")).toEqual([]);
    expect(refused).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(result.liveCommit).toBe("v1");
  });
});
