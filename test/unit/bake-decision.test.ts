import { describe, expect, it } from "vitest";
import type { Verdict } from "../../functions/core/model.ts";
import { bakeDecision, type BakeDecision, type BakeDecisionInput } from "../../functions/core/verdicts.ts";

const healthy: Verdict = { verdict: "healthy", reason: "all alarms OK: 5xx" };
const unhealthy: Verdict = { verdict: "unhealthy", reason: "5xx is in ALARM (3 > 1)" };
const error: Verdict = { verdict: "error", reason: "alarm gone does not exist" };
const waiting: Verdict = { verdict: "inconclusive", reason: "5xx has no data yet; waiting for data" };
const failing: Verdict = { verdict: "inconclusive", reason: "5xx has no data and its policy is fail" };

function check(overrides: Partial<BakeDecisionInput>): BakeDecisionInput {
  return { verdict: healthy, elapsedSeconds: 60, bakeSeconds: 300, consecutiveHealthy: 0, requiredHealthy: 1, policyFailsOnNoData: false, ...overrides };
}

describe("bakeDecision", () => {
  it.each<[string, Partial<BakeDecisionInput>, Pick<BakeDecision, "next" | "consecutiveHealthy">]>([
    ["fails at once when unhealthy, even early in the bake", { verdict: unhealthy, elapsedSeconds: 0, consecutiveHealthy: 3 }, { next: "fail", consecutiveHealthy: 0 }],
    ["fails at once on an error", { verdict: error }, { next: "fail", consecutiveHealthy: 0 }],
    ["fails when inconclusive and a policy says no data fails", { verdict: failing, policyFailsOnNoData: true }, { next: "fail", consecutiveHealthy: 0 }],
    ["holds while a bake is still running and healthy", { elapsedSeconds: 120 }, { next: "wait", consecutiveHealthy: 1 }],
    ["passes when the bake time is over and healthy", { elapsedSeconds: 300 }, { next: "pass", consecutiveHealthy: 1 }],
    ["waits for enough healthy checks in a row after the bake time", { elapsedSeconds: 400, consecutiveHealthy: 1, requiredHealthy: 3 }, { next: "wait", consecutiveHealthy: 2 }],
    ["passes once the healthy streak is long enough", { elapsedSeconds: 400, consecutiveHealthy: 2, requiredHealthy: 3 }, { next: "pass", consecutiveHealthy: 3 }],
    ["resets the healthy streak and waits when inconclusive", { verdict: waiting, consecutiveHealthy: 2 }, { next: "wait", consecutiveHealthy: 0 }],
    ["fails when the bake time is over and still inconclusive", { verdict: waiting, elapsedSeconds: 300 }, { next: "fail", consecutiveHealthy: 0 }],
  ])("%s", (_rule, input, expected) => {
    const { next, consecutiveHealthy } = bakeDecision(check(input));
    expect({ next, consecutiveHealthy }).toEqual(expected);
  });

  it.each<[string, Partial<BakeDecisionInput>, string]>([
    ["a failure carries the verdict's reason", { verdict: unhealthy }, "5xx is in ALARM (3 > 1)"],
    ["a no-data failure carries the policy reason", { verdict: failing, policyFailsOnNoData: true }, "5xx has no data and its policy is fail"],
    ["waiting says how far the bake is", { elapsedSeconds: 120 }, "healthy so far (120s of 300s baked, 1 healthy check in a row, 1 needed)"],
    ["an inconclusive timeout says the bake is over", { verdict: waiting, elapsedSeconds: 330 }, "bake time is over (330s of 300s baked) and still inconclusive: 5xx has no data yet; waiting for data"],
  ])("explains itself: %s", (_rule, input, reason) => {
    expect(bakeDecision(check(input)).reason).toBe(reason);
  });
});
