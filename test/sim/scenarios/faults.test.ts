import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

describe("faults in the sandbox", () => {
  it("retries Route 53 throttling and still completes the deployment", async () => {
    const result = await runScenario(
      aScenario({ then: [{ commit: "v2" }], faults: [{ service: "route53", operation: "ChangeResourceRecordSets", error: "Throttling", times: 3 }] }),
    );
    expect(result.deployments.map((d) => d.outcome)).toEqual(["promoted", "promoted"]);
    expect(result.liveCommit).toBe("v2");
  });

  it("rolls back when an alarm is held in ALARM during the canary, naming it", async () => {
    const result = await runScenario(
      aScenario({ then: [{ commit: "v2" }], faults: [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM", for: "10m", during: "v2" }] }),
    );
    const held = result.deployments[1]!;
    expect(held.outcome).toBe("rolled_back");
    expect(held.reason).toContain("shop-api-sandbox-a-error-rate");
    expect(highestShiftPercent(held.steps, "a")).toBeLessThan(50);
    expect(held.weights).toEqual({ a: 0, b: 100 });
  });

  it("leaves all traffic on the live slot when the execution is stopped mid-shift", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopAt: "Wait for DNS to sync", commit: "v2" }] }));
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).not.toBe("promoted");
    expect(stopped.weights).toEqual({ a: 0, b: 100 });
    expect(stopped.liveSlot).toBe("b");
  });

  it("runs one deployment when the push event is delivered twice", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ duplicateEvent: "v2" }] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([
      ["v1", "promoted"],
      ["v2", "promoted"],
      ["v2", "duplicate"],
    ]);
    expect(result.deployments[2]!.reason).toContain("no second deployment ran");
  });

  it("fails a release whose instances never boot, leaving traffic where it was", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2", boots: false }] }));
    const broken = result.deployments[1]!;
    expect(broken.outcome).toBe("rolled_back");
    expect(broken.reason).toContain("FleetNotHealthyError");
    expect(broken.weights).toEqual({ a: 0, b: 100 });
  });
});
