// One Auto Scaling group, immutable strategy: a good release comes up in a temporary group beside the group,
// serves beside the old instances through the final bake, and the group cuts over to its instances; a bad one
// is rolled back by its alarm by draining and deleting the temporary group, the group untouched throughout.
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

describe("immutable on one group", () => {
  it("promotes a good release once the group has cut over to the temporary group's instances", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2" }] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([["v1", "promoted"], ["v2", "promoted"]]);
    const steps = result.deployments[1]!.steps.filter((step) => step.kind === "temporaryGroup").map((step) => step.reason);
    expect(steps).toEqual([
      expect.stringMatching(/^Launching temporary group shop-api-sandbox-immutable-.* 3 instances/),
      expect.stringMatching(/^Temporary group .* in service beside shop-api-sandbox/),
      expect.stringMatching(/^Cut over: shop-api-sandbox runs 3 instances .* moved 3 .* took 3 old instances out/),
    ]);
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("rolls a bad release back by deleting the temporary group, naming the alarm", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2-bad", errorRate: 0.6 }] }));
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-error-rate");
    expect(bad.steps.filter((step) => step.kind === "rollback").map((step) => step.reason)).toContainEqual(expect.stringMatching(/^Deleted temporary group shop-api-sandbox-immutable-.*; shop-api-sandbox serves the previous version, untouched/));
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("a release stopped mid-bake leaves no temporary group: cleanup drains it, the reconciler deletes it", async () => {
    const result = await runScenario(aScenario({ config: immutable(), then: [{ commit: "v2" }], faults: [{ stopAt: "Final bake under alarm watch", commit: "v2" }] }));
    // The monitor holds at the end that no temporary group exists (I1 at rest) and the endpoint always served (I2).
    expect(result.invariants.violations).toEqual([]);
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.reason).toMatch(/took temporary group shop-api-sandbox-immutable-.* out of its load balancer/);
    expect(result.liveCommit).toBe("v1");
  });
});
