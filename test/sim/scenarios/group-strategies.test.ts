// One Auto Scaling group, each strategy that runs on it: a good release replaces every instance and is
// promoted; a bad one is rolled back by its instance refresh, with the alarm named, and the group runs the
// previous release again. The invariant monitor watches throughout (I2 for a group, and an extra batch never
// leaving fewer InService instances than desired).
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const GROUP = "shop-api-sandbox";

function oneGroup(strategy: ConfigInput["strategy"]): ConfigInput {
  const input = sandboxConfigInput();
  return { ...input, fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } }, strategy };
}

const STRATEGIES: Array<[string, ConfigInput["strategy"]]> = [
  ["rolling", { kind: "rolling", steps: [{ percent: 25, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }] }],
  ["rolling with an extra batch", { kind: "rolling", extraBatch: true, steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] }],
  ["a canary on one group", { kind: "canary", steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] }],
  ["allAtOnce on one group", { kind: "allAtOnce" }],
];

describe.each(STRATEGIES)("%s", (_name, strategy) => {
  it("promotes a good release once every instance runs it", async () => {
    const result = await runScenario(aScenario({ config: oneGroup(strategy), then: [{ commit: "v2" }] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([["v1", "promoted"], ["v2", "promoted"]]);
    const replaced = result.deployments[1]!.steps.filter((step) => step.kind === "replaceInstances");
    expect(replaced.at(-1)?.reason).toMatch(/^Replaced instances to 100%/);
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("rolls a bad release back through its instance refresh, naming the alarm", async () => {
    const result = await runScenario(aScenario({ config: oneGroup(strategy), then: [{ commit: "v2-bad", errorRate: 0.6 }] }));
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-error-rate");
    expect(bad.steps.filter((step) => step.kind === "rollback").map((step) => step.reason)).toContainEqual(expect.stringMatching(/instance refresh .* of shop-api-sandbox back/));
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });
});
