// Deciding how to put all traffic back on the live slot, from the weights Route 53 actually has.
import { otherSlot, type SlotName } from "./slots.ts";
import type { Weights } from "./model.ts";
import { shareOf, weightsFor } from "./weights.ts";

export interface RollbackInput {
  /** The weights read from Route 53; null when a slot's record does not exist. */
  actual: { a: number | null; b: number | null };
  liveSlot: SlotName;
}

export interface RollbackPlan {
  weights: Weights;
  needed: boolean;
  reason: string;
}

const formatPercent = (value: number) => `${Math.round(value * 10) / 10}%`;

/**
 * Plans the weights that restore 100% of traffic to the live slot (live nonzero, idle 0). Not needed when the
 * live slot already has all of it; missing records count as weight 0, and all-zero weights count as an even
 * split (as Route 53 serves them).
 * Example: `planRollback({ actual: { a: 75, b: 25 }, liveSlot: "a" })` →
 *   `{ weights: { a: 100, b: 0 }, needed: true, reason: "idle slot b had 25% of traffic; restoring a to 100%" }`.
 */
export function planRollback(input: RollbackInput): RollbackPlan {
  const { liveSlot } = input;
  const idleSlot = otherSlot(liveSlot);
  const actual: Weights = { a: input.actual.a ?? 0, b: input.actual.b ?? 0 };
  const weights = weightsFor(100, liveSlot);
  const restoring = `restoring ${liveSlot} to 100%`;

  if (actual[idleSlot] === 0 && actual[liveSlot] > 0)
    return { weights, needed: false, reason: `live slot ${liveSlot} already has 100% of traffic; nothing to restore` };
  if (input.actual.a === null && input.actual.b === null)
    return { weights, needed: true, reason: `no weighted records exist; ${restoring}` };
  if (actual.a === 0 && actual.b === 0)
    return { weights, needed: true, reason: `both records had weight 0, so traffic was split evenly; ${restoring}` };
  return { weights, needed: true, reason: `idle slot ${idleSlot} had ${formatPercent(shareOf(actual, idleSlot))} of traffic; ${restoring}` };
}
