import { describe, expect, it } from "vitest";
import { estimatePlan, historyBudgetProblem, HISTORY_EVENT_LIMIT } from "../../functions/core/plan-cost.ts";
import { compilePlan } from "../../functions/core/plan.ts";
import type { Plan } from "../../functions/core/model.ts";
import { aCanary, aParsedConfig, albTraffic } from "../fixtures/config.ts";

const canaryWithBakes = (bake: string) => aParsedConfig({ strategy: aCanary([{ percent: 10, bake }, { percent: 50, bake }, { percent: 100 }]), finalBake: bake });

describe("estimatePlan", () => {
  it("costs a 24-hour bake the same transitions and Lambda calls as a 10-minute one; only the duration grows", () => {
    const short = estimatePlan(canaryWithBakes("10m")).total;
    const long = estimatePlan(canaryWithBakes("24h")).total;
    expect(long.transitions).toBe(short.transitions);
    expect(long.lambdaInvocations).toBe(short.lambdaInvocations);
    expect(long.durationSeconds - short.durationSeconds).toBe(3 * (86_400 - 600));
  });

  it("has a row per plan step between set-up and promotion, named as the plan reads", () => {
    const { steps } = estimatePlan(canaryWithBakes("10m"));
    expect(steps.map((row) => row.label)).toEqual([
      "Set up: image, idle fleet, smoke test",
      "Shift 10% to the new version",
      "Bake 10m under alarm watch",
      "Shift 50% to the new version",
      "Bake 10m under alarm watch",
      "Shift 100% to the new version",
      "Final bake 10m at 100% under alarm watch",
      "Promote, keep the old fleet warm 15m, retire it",
    ]);
  });

  it.each([
    ["a bake: which step, its wait, its judge, the verdict's Choice and Pass", "Bake 10m under alarm watch", 5, 2],
    ["a shift: which step, the shift, three DNS polls and the TTL wait", "Shift 10% to the new version", 12, 4],
  ])("counts %s", (_rule, label, transitions, lambdas) => {
    const row = estimatePlan(canaryWithBakes("10m")).steps.find((step) => step.label === label)!;
    expect({ transitions: row.transitions, lambdaInvocations: row.lambdaInvocations }).toEqual({ transitions, lambdaInvocations: lambdas });
  });

  it("prices transitions at $0.025 per thousand, plus Lambda requests and duration", () => {
    const { total } = estimatePlan(canaryWithBakes("10m"));
    const transitionsOnly = (total.transitions * 0.025) / 1000;
    expect(total.costUsd).toBeGreaterThan(transitionsOnly);
    expect(total.costUsd).toBeLessThan(transitionsOnly + total.lambdaInvocations * 0.000002);
  });

  it("expects an image baked by Image Builder to take longer, with more polls, than CreateImage", () => {
    const createImage = estimatePlan(canaryWithBakes("10m")).steps[0]!;
    const pipeline = estimatePlan(
      aParsedConfig({ strategy: aCanary([{ percent: 10, bake: "10m" }, { percent: 100 }]), image: { kind: "imageBuilder", pipelineArn: "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/shop-api" } }),
    ).steps[0]!;
    expect(pipeline.durationSeconds).toBeGreaterThan(createImage.durationSeconds);
    expect(pipeline.transitions).toBeGreaterThan(createImage.transitions);
  });

  it("expects a shift on an ALB to take no time (one check at once, no TTL) where Route 53 waits for INSYNC and the TTL", () => {
    const shiftOf = (traffic?: ReturnType<typeof albTraffic>) =>
      estimatePlan(aParsedConfig({ strategy: aCanary([{ percent: 10, bake: "10m" }, { percent: 100 }]), ...(traffic ? { traffic } : {}) })).steps[1]!;
    const [route53, alb] = [shiftOf(), shiftOf(albTraffic())];
    expect(route53.durationSeconds).toBe(30 + 60);
    expect(alb.durationSeconds).toBe(0);
    expect(alb.transitions).toBeLessThan(route53.transitions);
  });
});

describe("historyBudgetProblem", () => {
  it("accepts the largest plan a config may compile to (100 steps) with room to spare", () => {
    const config = aParsedConfig({ strategy: { kind: "linear", percent: 1, every: "0s" } });
    expect(compilePlan(config).steps).toHaveLength(100);
    expect(historyBudgetProblem(config)).toBeNull();
    expect(estimatePlan(config).worstCase.historyEvents).toBeLessThan(HISTORY_EVENT_LIMIT);
  });

  it("refuses a plan whose worst case passes 25,000 history events, naming the config path and the numbers", () => {
    const config = aParsedConfig();
    const huge: Plan = { ...compilePlan(config), steps: Array.from({ length: 250 }, (_, i) => ({ kind: "setWeight" as const, percent: (i % 99) + 1 })) };
    expect(historyBudgetProblem(config, huge)).toMatch(/^strategy: its deployment can write up to \d+ history events \(\d+ state transitions\), more than Step Functions' 25000 per execution/);
  });
});
