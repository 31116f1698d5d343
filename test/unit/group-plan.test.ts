import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../functions/core/config.ts";
import { CHECKPOINT_MARGIN_SECONDS, batchPercent } from "../../functions/core/group-plan.ts";
import type { PlanStep } from "../../functions/core/model.ts";
import { compilePlan, describePlan } from "../../functions/core/plan.ts";
import { estimatePlan } from "../../functions/core/plan-cost.ts";
import { aCanary, aConfig, aGroupConfig, ONE_GROUP } from "../fixtures/config.ts";

const replace = (percent: number): PlanStep => ({ kind: "replaceInstances", percent });
const bake = (seconds: number): PlanStep => ({ kind: "bake", seconds });

function planOf(document: ConfigInput) {
  const parsed = parseConfig(document);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return compilePlan(parsed.config);
}

const problemsOf = (document: unknown) => {
  const parsed = parseConfig(document);
  return parsed.ok ? [] : parsed.problems;
};

const rolling = (extraBatch?: boolean): ConfigInput["strategy"] => ({
  kind: "rolling",
  steps: [{ percent: 25, bake: "5m" }, { percent: 50, bake: "10m" }, { percent: 100 }],
  ...(extraBatch === undefined ? {} : { extraBatch }),
});

describe("one-group plans", () => {
  it.each<[string, ConfigInput["strategy"], PlanStep[], Record<string, unknown>]>([
    [
      "rolling takes each batch out of service first, pausing at every step for its bake",
      rolling(),
      [replace(25), bake(300), replace(50), bake(600), replace(100)],
      { kind: "instanceRefresh", minHealthyPercentage: 75, maxHealthyPercentage: 100, checkpointPercentages: [25, 50, 100], checkpointDelaySeconds: 600 + CHECKPOINT_MARGIN_SECONDS },
    ],
    [
      "rolling with an extra batch launches each batch before terminating (never below desired capacity)",
      rolling(true),
      [replace(25), bake(300), replace(50), bake(600), replace(100)],
      { kind: "instanceRefresh", minHealthyPercentage: 100, maxHealthyPercentage: 125, checkpointPercentages: [25, 50, 100] },
    ],
    [
      "a canary on one group puts a few new instances next to the old ones, then the rest",
      aCanary([{ percent: 10, bake: "5m" }, { percent: 100 }]),
      [replace(10), bake(300), replace(100)],
      { kind: "instanceRefresh", minHealthyPercentage: 100, maxHealthyPercentage: 110, checkpointPercentages: [10, 100], checkpointDelaySeconds: 300 + CHECKPOINT_MARGIN_SECONDS },
    ],
    [
      "allAtOnce on one group launches every new instance, then terminates every old one",
      { kind: "allAtOnce" },
      [replace(100)],
      { kind: "instanceRefresh", minHealthyPercentage: 100, maxHealthyPercentage: 200, checkpointPercentages: [] },
    ],
    ["immutable brings a temporary group up instead of stepping", { kind: "immutable" }, [], { kind: "temporaryGroup" }],
  ])("%s", (_rule, strategy, steps, fleetChange) => {
    const plan = planOf(aGroupConfig({ strategy }));
    expect(plan.steps).toEqual(steps);
    expect(plan.fleetChange).toMatchObject(fleetChange);
  });

  it("keeps the refresh reversible through the final bake (BakeTime outlasts it)", () => {
    const plan = planOf(aGroupConfig({ finalBake: "10m" }));
    expect(plan.fleetChange).toMatchObject({ bakeTimeSeconds: 600 + CHECKPOINT_MARGIN_SECONDS });
  });

  it("leaves two-slot plans without a fleet change", () => {
    expect(planOf(aConfig()).fleetChange).toBeUndefined();
  });

  it("reads the steps as sentences and prices them", () => {
    const plan = planOf(aGroupConfig({ strategy: rolling(true) }));
    expect(describePlan(plan).slice(0, 2)).toEqual(["Replace instances until 25% run the new version", "Bake 5m under alarm watch"]);
    const parsed = parseConfig(aGroupConfig({ strategy: rolling(true) }));
    const estimate = estimatePlan(parsed.ok ? parsed.config : (undefined as never), plan);
    expect(estimate.steps[0]!.label).toBe("Set up: image");
    expect(estimate.steps[1]).toMatchObject({ label: "Replace instances until 25% run the new version", lambdaInvocations: 5 });
  });

  it.each([
    [[10, 50, 100], 10],
    [[25, 50, 100], 25],
    [[60, 100], 40],
    [[100], 100],
  ])("replaces %j in batches of %i%%", (percents, batch) => {
    expect(batchPercent(percents)).toBe(batch);
  });
});

describe("fleet shapes", () => {
  const slots = aConfig().fleet.slots!;
  it.each<[string, unknown, string[]]>([
    ["rolling on two slots", aConfig({ strategy: rolling() }), ["strategy.kind: rolling needs one Auto Scaling group (fleet.group); with fleet.slots use allAtOnce, blueGreen, canary, linear, abTest"]],
    ["immutable on two slots", aConfig({ strategy: { kind: "immutable" } }), ["strategy.kind: immutable needs one Auto Scaling group (fleet.group); with fleet.slots use allAtOnce, blueGreen, canary, linear, abTest"]],
    [
      "{slot} in an alarm name on one group",
      aGroupConfig({ analysis: { alarms: [{ name: "{fleet}-5xx" }, { name: "shop-api-prod-{slot}-latency" }] } }),
      ["analysis.alarms[1].name: says {slot}, but fleet.group is one group with no slots: write {fleet}, which is the group's name (e.g. {fleet}-5xx for shop-api-prod-5xx)"],
    ],
    ["blueGreen on one group", aGroupConfig({ strategy: { kind: "blueGreen" } }), ["strategy.kind: blueGreen needs two slots (fleet.slots); with fleet.group use rolling, canary, immutable, allAtOnce"]],
    ["both slots and a group", aGroupConfig({ fleet: { ...ONE_GROUP, slots } }), ["fleet.group: cannot be combined with fleet.slots: a fleet is either two slots or one group"]],
    ["neither slots nor a group", aConfig({ fleet: { provider: "autoscaling", launchTemplateId: "lt-1" } }), ["fleet: needs slots (two fleets behind weighted records) or group (one Auto Scaling group whose instances are replaced)"]],
    ["a group on CodeDeploy", aGroupConfig({ fleet: { provider: "codedeploy", application: "app", launchTemplateId: "lt-0abc", revision: { bucket: "shop-releases", key: "appspec.zip" }, group: ONE_GROUP.group } }), ["fleet.provider: must be autoscaling with fleet.group (an instance refresh replaces the group's instances)"]],
    [
      "a rolling batch over half the group without an extra batch",
      aGroupConfig({ strategy: { kind: "rolling", steps: [{ percent: 100 }] } }),
      ["strategy.steps: each batch replaces 100% of the instances, leaving 0% in service; add a step so no batch exceeds 50%, or set extraBatch: true to launch each batch first"],
    ],
    ["rolling steps that do not rise to 100", aGroupConfig({ strategy: { kind: "rolling", steps: [{ percent: 25 }, { percent: 20 }] } }), ["strategy.steps[1].percent: must be at least 1 above the previous step (25)", "strategy.steps[1].percent: the last step must be 100 (add { percent: 100 })"]],
    ["a bake longer than a checkpoint can wait", aGroupConfig({ strategy: { kind: "rolling", extraBatch: true, steps: [{ percent: 50, bake: "3d" }, { percent: 100 }] } }), ["strategy.steps[0].bake: must be at most 1d23h59m on one group: the instance refresh waits it out plus 1m, and Auto Scaling allows 48h"]],
  ])("refuses %s, naming the fix", (_rule, document, expected) => {
    expect(problemsOf(document)).toEqual(expected);
  });

  it("accepts a rolling update with an extra batch of the whole group", () => {
    expect(problemsOf(aGroupConfig({ strategy: { kind: "rolling", extraBatch: true, steps: [{ percent: 100 }] } }))).toEqual([]);
  });
});
