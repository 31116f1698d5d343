// canaryScale: a canary on two slots whose new fleet starts smaller than the live one, and is scaled to full
// size before a shift sends it more than it carries.
import { describe, expect, it } from "vitest";
import { canarySize, carriedPercent, overloadedSteps, scaleNeededFor, withScaleUp } from "../../functions/core/canary-scale.ts";
import { parseConfig, type Config, type ConfigInput } from "../../functions/core/config.ts";
import { leaseSeconds } from "../../functions/core/lease-budget.ts";
import type { PlanStep } from "../../functions/core/model.ts";
import { estimatePlan } from "../../functions/core/plan-cost.ts";
import { compilePlan, describePlan, firstDeployPlan } from "../../functions/core/plan.ts";
import { POLL_SECONDS } from "../../functions/core/poll-intervals.ts";
import { aConfig, aGroupConfig, aParsedConfig } from "../fixtures/config.ts";

const shift = (percent: number): PlanStep => ({ kind: "setWeight", percent });
const bake = (seconds: number): PlanStep => ({ kind: "bake", seconds });
const scaleUp: PlanStep = { kind: "scaleFleet", percent: 100 };

const smallCanary = (percent: number, steps: Array<{ percent: number; bake?: string }> = [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }]): ConfigInput["strategy"] => ({
  kind: "canary",
  steps,
  canaryScale: { percent },
});

const problemsOf = (input: ConfigInput): string[] => {
  const result = parseConfig(input);
  return result.ok ? [] : result.problems;
};

describe("how much a small canary fleet carries", () => {
  it.each([
    [25, 20],
    [50, 40],
    [33, 26.4],
    [1, 0.8],
  ])("a fleet at %i%% of the live one carries at most %d%% of traffic", (scale, carried) => {
    expect(carriedPercent(scale)).toBe(carried);
  });

  it.each([
    [30, 38],
    [20, 25],
    [10, 13],
  ])("a first step of %i%% needs a canaryScale of at least %i", (traffic, needed) => {
    expect(scaleNeededFor(traffic)).toBe(needed);
    expect(carriedPercent(needed)).toBeGreaterThanOrEqual(traffic);
    expect(carriedPercent(needed - 1)).toBeLessThan(traffic);
  });
});

describe("canarySize", () => {
  it.each<[string, { min: number; max: number; desired: number }, number, { min: number; max: number; desired: number }]>([
    ["rounds desired up, so its share of capacity is at least the percent", { min: 2, max: 8, desired: 4 }, 25, { min: 1, max: 8, desired: 1 }],
    ["rounds 3 × 25% up to one instance", { min: 3, max: 6, desired: 3 }, 25, { min: 1, max: 6, desired: 1 }],
    ["keeps the live maximum, so scaling policies can still add instances", { min: 4, max: 20, desired: 10 }, 30, { min: 3, max: 20, desired: 3 }],
    ["never goes below one instance", { min: 1, max: 4, desired: 2 }, 1, { min: 1, max: 4, desired: 1 }],
    ["is the live size at 100%", { min: 2, max: 8, desired: 4 }, 100, { min: 2, max: 8, desired: 4 }],
  ])("%s", (_rule, live, percent, expected) => {
    expect(canarySize(live, percent)).toEqual(expected);
  });
});

describe("compilePlan with canaryScale", () => {
  it("scales the fleet to full size before the first shift it could not carry", () => {
    const plan = compilePlan(aParsedConfig({ strategy: smallCanary(25) }));
    expect(plan.canaryScale).toEqual({ percent: 25 });
    expect(plan.steps).toEqual([shift(10), bake(180), scaleUp, shift(50), bake(180), shift(100)]);
  });

  it("keeps every shift the small fleet carries before the scale-up", () => {
    const plan = compilePlan(aParsedConfig({ strategy: smallCanary(25, [{ percent: 5, bake: "1m" }, { percent: 20, bake: "1m" }, { percent: 100 }]) }));
    expect(plan.steps).toEqual([shift(5), bake(60), shift(20), bake(60), scaleUp, shift(100)]);
  });

  it("brings a canary without canaryScale up at full size, with no scale step", () => {
    const plan = compilePlan(aParsedConfig());
    expect(plan.canaryScale).toBeUndefined();
    expect(plan.steps.some((step) => step.kind === "scaleFleet")).toBe(false);
  });

  it("scales first when a hand-built config's first shift is more than the small fleet carries", () => {
    const config = aParsedConfig({ strategy: smallCanary(25) });
    const handBuilt = { ...config, strategy: { kind: "canary", steps: [{ percent: 30, bake: 60 }, { percent: 100 }], canaryScale: { percent: 25 } } } as Config;
    expect(compilePlan(handBuilt).steps).toEqual([scaleUp, shift(30), bake(60), shift(100)]);
  });

  it("gives a first deployment its fleet at full size: it takes 100% at once", () => {
    const first = firstDeployPlan(compilePlan(aParsedConfig({ strategy: smallCanary(25) })));
    expect(first.canaryScale).toBeUndefined();
    expect(first.steps).toEqual([shift(100)]);
  });

  it("reads the scale-up as a sentence", () => {
    expect(describePlan(compilePlan(aParsedConfig({ strategy: smallCanary(25) })))[2]).toBe("Scale the new fleet to 100% of the live fleet's size and wait until it is InService");
  });
});

describe("overloadedSteps: the plan check", () => {
  it("names every shift above what the small fleet carries, until it is scaled", () => {
    expect(overloadedSteps({ canaryScale: { percent: 25 }, steps: [shift(10), shift(50), scaleUp, shift(100)] })).toEqual([
      "step 2 shifts 50% while the new fleet is at 25% of the live fleet's size, which carries at most 20%",
    ]);
  });

  it("finds a plan whose shift to 100% comes before its scale-up", () => {
    expect(overloadedSteps({ canaryScale: { percent: 50 }, steps: [shift(40), shift(100), scaleUp] })).toHaveLength(1);
  });

  it("passes every plan withScaleUp builds", () => {
    for (const scale of [1, 10, 25, 50, 99]) {
      const steps = withScaleUp([shift(0.5), shift(5), shift(20), shift(40), shift(80), shift(100)], scale);
      expect(overloadedSteps({ canaryScale: { percent: scale }, steps })).toEqual([]);
      expect(steps.filter((step) => step.kind === "scaleFleet")).toHaveLength(1);
    }
  });

  it("has nothing to check without canaryScale", () => {
    expect(overloadedSteps({ steps: [shift(100)] })).toEqual([]);
  });
});

describe("validating canaryScale", () => {
  it("accepts it on a two-slot canary on Auto Scaling", () => {
    expect(problemsOf(aConfig({ strategy: smallCanary(25) }))).toEqual([]);
  });

  it("refuses a first step the small fleet cannot carry, with the smallest canaryScale that would", () => {
    expect(problemsOf(aConfig({ strategy: smallCanary(25, [{ percent: 30 }, { percent: 100 }]) }))).toEqual([
      "strategy.canaryScale.percent: a new fleet at 25% of the live fleet's size carries at most 20% of traffic (80%, for headroom), but strategy.steps[0] sends 30%: make it at least 38, or leave canaryScale out",
    ]);
  });

  it.each([0, 100, 150])("refuses a percent of %i", (percent) => {
    expect(problemsOf(aConfig({ strategy: smallCanary(percent) }))).toContain("strategy.canaryScale.percent: must be 1–99 (100 is the full size, the default)");
  });

  it("refuses it on one group, whose canary steps size the new instances already", () => {
    expect(problemsOf(aGroupConfig({ strategy: smallCanary(25) }))).toContain(
      "strategy.canaryScale: needs two slots (fleet.slots): on one group the canary's steps already set how many new instances run",
    );
  });

  it("refuses it with CodeDeploy, which brings a deployment group up at fleet.capacity", () => {
    const { fleet } = aConfig() as { fleet: Record<string, unknown> };
    const codedeploy = { ...fleet, provider: "codedeploy", application: "shop-api", revision: { bucket: "shop-artifacts", key: "app.zip" } } as ConfigInput["fleet"];
    expect(problemsOf(aConfig({ fleet: codedeploy, strategy: smallCanary(25) }))).toEqual([
      "strategy.canaryScale: needs fleet.provider autoscaling: a CodeDeploy deployment group is brought up at fleet.capacity",
    ]);
  });

  it("refuses an unknown key in it", () => {
    expect(problemsOf(aConfig({ strategy: { ...smallCanary(25), canaryScale: { percent: 25, replicas: 1 } } as unknown as ConfigInput["strategy"] })).join("\n")).toMatch(/strategy\.canaryScale/);
  });
});

describe("what a small canary costs to run", () => {
  it("prices the scale-up as the idle fleet's poll, and says the fleet starts small", () => {
    const config = aParsedConfig({ strategy: smallCanary(25) });
    const full = estimatePlan(aParsedConfig({ strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }] } }));
    const small = estimatePlan(config);
    expect(small.steps[0]!.label).toBe("Set up: image, idle fleet at 25% of the live fleet's size, smoke test");
    const row = small.steps.find((step) => step.label.startsWith("Scale the new fleet"))!;
    // Instances boot in about 60 s, polled every POLL_SECONDS.fleet: "Which kind of step?", the Task, each
    // poll's Wait, Check and Choice, "New fleet scaled".
    const fleetPolls = Math.ceil(60 / POLL_SECONDS.fleet);
    expect(row).toMatchObject({ lambdaInvocations: 1 + fleetPolls, transitions: 3 + 3 * fleetPolls, durationSeconds: fleetPolls * POLL_SECONDS.fleet });
    expect(small.total.transitions - full.total.transitions).toBe(row.transitions);
  });

  it("holds the lease long enough for the scale-up to reach its deadline", () => {
    const config = aParsedConfig({ strategy: smallCanary(25) });
    const withoutScale = { ...compilePlan(config), steps: compilePlan(config).steps.filter((step) => step.kind !== "scaleFleet") };
    expect(leaseSeconds(compilePlan(config), 900) - leaseSeconds(withoutScale, 900)).toBe(3600);
  });
});
