import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../functions/core/config.ts";
import type { PlanStep } from "../../functions/core/model.ts";
import { compilePlan, describePlan } from "../../functions/core/plan.ts";
import { aCanary, aParsedConfig } from "../fixtures/config.ts";

const shift = (percent: number): PlanStep => ({ kind: "setWeight", percent });
const bake = (seconds: number): PlanStep => ({ kind: "bake", seconds });

const stepsOf = (strategy: ConfigInput["strategy"]) => compilePlan(aParsedConfig({ strategy })).steps;

describe("compilePlan", () => {
  it.each<[string, ConfigInput["strategy"], PlanStep[]]>([
    ["allAtOnce shifts everything at once", { kind: "allAtOnce" }, [shift(100)]],
    ["blueGreen swaps 0 → 100", { kind: "blueGreen" }, [shift(100)]],
    ["canary shifts then bakes each step, the 100% step leaving the watching to the final bake", aCanary(), [shift(5), bake(300), shift(25), bake(600), shift(100)]],
    ["canary bakes one analysis interval after a step without a bake", aCanary([{ percent: 10 }, { percent: 100 }]), [shift(10), bake(30), shift(100)]],
    ["canary keeps a bake the user put on the 100% step", aCanary([{ percent: 10, bake: "1m" }, { percent: 100, bake: "2m" }]), [shift(10), bake(60), shift(100), bake(120)]],
    ["canary leaves out a bake of 0s", aCanary([{ percent: 10, bake: "0s" }, { percent: 100 }]), [shift(10), shift(100)]],
    ["linear climbs in equal steps, baking between them", { kind: "linear", percent: 25, every: "2m" }, [shift(25), bake(120), shift(50), bake(120), shift(75), bake(120), shift(100)]],
    ["linear ends at exactly 100 when the percent does not divide it", { kind: "linear", percent: 30, every: "1m" }, [shift(30), bake(60), shift(60), bake(60), shift(90), bake(60), shift(100)]],
    ["linear keeps fractional steps exact", { kind: "linear", percent: 33.3, every: "1m" }, [shift(33.3), bake(60), shift(66.6), bake(60), shift(99.9), bake(60), shift(100)]],
    ["linear of 100 is all at once", { kind: "linear", percent: 100, every: "1m" }, [shift(100)]],
    ["abTest held for a duration bakes that long, then promotes", { kind: "abTest", percent: 10, until: "2h" }, [shift(10), bake(7200), shift(100)]],
  ])("%s", (_rule, strategy, expected) => {
    expect(stepsOf(strategy)).toEqual(expected);
  });

  it("holds an abTest for approval with the configured timeout", () => {
    const config = aParsedConfig({ strategy: { kind: "abTest", percent: 20, until: "approval" }, approval: { timeout: "2h" } });
    expect(compilePlan(config).steps).toEqual([
      shift(20),
      { kind: "approval", timeoutSeconds: 7200, question: "Promote shop-api/prod from 20% to 100% of traffic?" },
      shift(100),
    ]);
  });

  it("carries the strategy and the final bake", () => {
    const plan = compilePlan(aParsedConfig({ finalBake: "10m", analysis: { alarms: [{ name: "shop-api-prod-{slot}-5xx" }], interval: "1m" } }));
    expect({ strategy: plan.strategy, finalBakeSeconds: plan.finalBakeSeconds }).toEqual({ strategy: "canary", finalBakeSeconds: 600 });
  });

  it.each<[string, ConfigInput["strategy"]]>([
    ["canary", aCanary([{ percent: 1 }, { percent: 7, bake: "1m" }, { percent: 60 }, { percent: 100 }])],
    ["linear", { kind: "linear", percent: 7, every: "1m" }],
    ["abTest", { kind: "abTest", percent: 50, until: "approval" }],
  ])("ends every %s plan at 100% with percents only rising", (_kind, strategy) => {
    const percents = stepsOf(strategy).flatMap((step) => (step.kind === "setWeight" ? [step.percent] : []));
    expect(percents.at(-1)).toBe(100);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    expect(new Set(percents).size).toBe(percents.length);
  });
});

describe("describePlan", () => {
  it("reads each step as a sentence, ending with the final bake", () => {
    const config = aParsedConfig({ strategy: aCanary([{ percent: 5, bake: "5m" }, { percent: 50 }, { percent: 100 }]) });
    expect(describePlan(compilePlan(config))).toEqual([
      "Shift 5% to the new version",
      "Bake 5m under alarm watch",
      "Shift 50% to the new version",
      "Bake 30s under alarm watch",
      "Shift 100% to the new version",
      "Final bake 5m at 100% under alarm watch",
    ]);
  });

  it("describes an approval with its timeout and a plan without a final bake", () => {
    const config = aParsedConfig({ strategy: { kind: "abTest", percent: 10, until: "approval" }, finalBake: "0s" });
    expect(describePlan(compilePlan(config))).toEqual([
      "Shift 10% to the new version",
      "Wait for approval (timeout 1d)",
      "Shift 100% to the new version",
      "Promote without a final bake",
    ]);
  });

  it("reads a bake by its length alone: alarms are watched throughout, not polled", () => {
    expect(describePlan({ strategy: "canary", steps: [bake(90)], finalBakeSeconds: 60 })).toEqual([
      "Bake 1m30s under alarm watch",
      "Final bake 1m at 100% under alarm watch",
    ]);
  });
});
