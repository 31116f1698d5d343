// Incidents where the reported outcome lied: a release that went live and was then stopped reported
// `failed`, and a re-push of the live commit that deployed nothing reported `promoted`.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("outcomes say what happened", () => {
  it("a release stopped after it went live reports promoted, and its reason says where it was stopped", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ stopAt: "Wait before retiring the old fleet", commit: "v2" }] }));
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("promoted");
    expect(stopped.reason).toMatch(/^Promoted .*; then the execution was stopped at Wait before retiring the old fleet/);
    expect(stopped.liveSlot).toBe("a");
    expect(stopped.weights).toEqual({ a: 100, b: 0 });
    expect(result.liveCommit).toBe("v2");
  });

  it("a re-push of the live commit deploys nothing and reports duplicate, saying the branch did not move", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }, { commit: "v2" }] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([
      ["v1", "promoted"],
      ["v2", "promoted"],
      ["v2", "duplicate"],
    ]);
    const repush = result.deployments[2]!;
    expect(repush.reason).toMatch(/^push ignored: branch main of shop-api did not move \(its head was already \w{12}\); nothing to deploy/);
    expect(repush.steps).toEqual([]);
  });
});
