import { describe, expect, it } from "vitest";
import type { Flag } from "../../functions/flags/document.ts";
import { flagReleaseName, isFlagReleaseName } from "../../functions/flags/release-input.ts";
import { flagReleasePlan, lastSetPercent } from "../../functions/flags/release-plan.ts";

const off: Flag = { state: "off", by: "userId" };
const at = (percent: number): Flag => ({ state: "percentage", percent, by: "userId" });

describe("a flag release's plan", () => {
  it("sets each percentage and bakes after each", () => {
    expect(flagReleasePlan({ flag: "checkout", steps: [5, 25, 100], bakeSeconds: 600 }, off)).toEqual({
      ok: true,
      from: 0,
      steps: [
        { kind: "setFlag", flag: "checkout", percent: 5 },
        { kind: "bake", seconds: 600 },
        { kind: "setFlag", flag: "checkout", percent: 25 },
        { kind: "bake", seconds: 600 },
        { kind: "setFlag", flag: "checkout", percent: 100 },
        { kind: "bake", seconds: 600 },
      ],
    });
  });

  it.each<[string, number[], Flag, string[]]>([
    ["steps that do not increase", [25, 5, 100], off, ["steps[1]: must be above the step before (25)"]],
    ["a first step at or below the flag's percentage now", [10, 50], at(10), ["steps[0]: must be above the flag's 10% now (percentage)"]],
    ["a flag that is on already", [50, 100], { state: "on", by: "userId" }, ["steps[0]: must be above the flag's 100% now (on)"]],
    ["a percentage finer than 0.01", [0.001, 100], off, ["steps[0]: must be above 0 and at most 100, in 0.01 steps (is 0.001)"]],
    ["no steps", [], off, ["steps: needs at least one step"]],
  ])("refuses %s, naming every problem", (_case, steps, flag, problems) => {
    expect(flagReleasePlan({ flag: "checkout", steps, bakeSeconds: 600 }, flag)).toEqual({ ok: false, problems });
  });

  it("knows what the release itself last set before a step", () => {
    const plan = flagReleasePlan({ flag: "checkout", steps: [5, 25], bakeSeconds: 60 }, off);
    if (!plan.ok) throw new Error("plan refused");
    expect([0, 1, 2, 3, 4].map((index) => lastSetPercent(plan.steps, index))).toEqual([null, 5, 5, 25, 25]);
  });
});

describe("a flag release's execution name", () => {
  it("fits Step Functions' 80 characters, and tells itself apart from a deployment's of the same app/env", () => {
    const name = flagReleaseName("shop-api", "prod", "new.checkout", Date.parse("2026-12-03T14:00:00Z"));
    expect(name).toBe("shop-api-prod-flag-new-checkout-tph2w0");
    expect(isFlagReleaseName("shop-api", "prod", name)).toBe(true);
    expect(isFlagReleaseName("shop-api", "prod", "shop-api-prod-0123456789ab-2")).toBe(false);
    const long = flagReleaseName("a".repeat(60), "production-eu-west-1", "f".repeat(64), 0);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
