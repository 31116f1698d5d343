import { describe, expect, it } from "vitest";
import { propagationBoundSeconds } from "../../functions/core/drain.ts";
import { slotDrainedAt } from "../../functions/core/idle-drain.ts";
import type { StepRecord } from "../../functions/core/model.ts";

const ENDED = "2026-01-01T12:00:00.000Z";
const shift = (a: number, b: number): StepRecord => ({ index: 0, kind: "setWeight", weights: { a, b }, reason: "shift", startedAt: ENDED });

describe("slotDrainedAt", () => {
  it.each<[string, StepRecord[], "a" | "b", number | null]>([
    ["a slot that had a canary share drains 120 s + one TTL after the deployment ended", [shift(10, 90), { ...shift(0, 100), kind: "rollback" }], "a", Date.parse(ENDED) + 180_000],
    ["the old live slot of a promotion had traffic too", [shift(90, 10), shift(0, 100)], "a", Date.parse(ENDED) + 180_000],
    ["a slot the deployment never gave traffic needs no wait", [shift(0, 100)], "a", null],
    ["a deployment that ended before its first shift needs no wait", [], "b", null],
  ])("%s", (_rule, steps, slot, expected) => {
    expect(slotDrainedAt({ steps, startedAt: "2026-01-01T11:00:00.000Z", endedAt: ENDED }, slot, 60)).toBe(expected);
  });

  it("drains a slot that lost its share on an ALB when the deployment ended: no propagation, no TTL", () => {
    expect(slotDrainedAt({ steps: [shift(10, 90)], startedAt: "2026-01-01T11:00:00.000Z", endedAt: ENDED }, "a", 0, propagationBoundSeconds("alb"))).toBe(Date.parse(ENDED));
  });
});
