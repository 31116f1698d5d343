import { describe, expect, it } from "vitest";
import type { SlotName } from "../../functions/core/config.ts";
import { planRollback, type RollbackPlan } from "../../functions/core/rollback.ts";

type Actual = { a: number | null; b: number | null };

describe("planRollback", () => {
  it.each<[string, Actual, SlotName, RollbackPlan]>([
    ["restores the live slot when the idle slot has a share", { a: 75, b: 25 }, "a", { weights: { a: 100, b: 0 }, needed: true, reason: "idle slot b had 25% of traffic; restoring a to 100%" }],
    ["restores live slot b the same way", { a: 5, b: 95 }, "b", { weights: { a: 0, b: 100 }, needed: true, reason: "idle slot a had 5% of traffic; restoring b to 100%" }],
    ["restores when the idle slot has everything", { a: 0, b: 100 }, "a", { weights: { a: 100, b: 0 }, needed: true, reason: "idle slot b had 100% of traffic; restoring a to 100%" }],
    ["rounds an odd share to one decimal", { a: 2, b: 1 }, "a", { weights: { a: 100, b: 0 }, needed: true, reason: "idle slot b had 33.3% of traffic; restoring a to 100%" }],
    ["does nothing when the live slot already has all traffic", { a: 255, b: 0 }, "a", { weights: { a: 100, b: 0 }, needed: false, reason: "live slot a already has 100% of traffic; nothing to restore" }],
    ["counts a missing idle record as 0", { a: 100, b: null }, "a", { weights: { a: 100, b: 0 }, needed: false, reason: "live slot a already has 100% of traffic; nothing to restore" }],
    ["counts a missing live record as 0", { a: null, b: 10 }, "a", { weights: { a: 100, b: 0 }, needed: true, reason: "idle slot b had 100% of traffic; restoring a to 100%" }],
    ["treats all-zero weights as an even split", { a: 0, b: 0 }, "b", { weights: { a: 0, b: 100 }, needed: true, reason: "both records had weight 0, so traffic was split evenly; restoring b to 100%" }],
    ["writes both records when neither exists", { a: null, b: null }, "a", { weights: { a: 100, b: 0 }, needed: true, reason: "no weighted records exist; restoring a to 100%" }],
  ])("%s", (_rule, actual, liveSlot, expected) => {
    expect(planRollback({ actual, liveSlot })).toEqual(expected);
  });
});
