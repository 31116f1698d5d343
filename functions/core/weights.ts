// Maps "percent of traffic to the new version" onto the two Route 53 weights (integers 0–255) and back.
import type { SlotName } from "./config.ts";
import type { Weights } from "./model.ts";

const MAX_WEIGHT = 255;
const EXACT = 1e-9;

/**
 * Route 53 weights that send `percentToNew` percent of traffic to `newSlot`.
 * Both weights are integers 0–255 and never both 0 (that would split traffic equally). Integer percents use
 * a 100-based scale, so the share is exact; fractional percents use the smallest total ≤ 255 giving an exact
 * share (12.5 → 1 of 8), else the closest share reachable. Between 0 and 100 exclusive each slot keeps at
 * least one unit of weight, so a requested canary always receives some traffic.
 * Example: `weightsFor(5, "b")` → `{ a: 95, b: 5 }`; `weightsFor(12.5, "a")` → `{ a: 1, b: 7 }`.
 */
export function weightsFor(percentToNew: number, newSlot: SlotName): Weights {
  if (!Number.isFinite(percentToNew) || percentToNew < 0 || percentToNew > 100)
    throw new RangeError(`percentToNew: must be a number from 0 to 100 (got ${percentToNew})`);
  const [toNew, toOld] = Number.isInteger(percentToNew) ? [percentToNew, 100 - percentToNew] : fractionFor(percentToNew);
  return newSlot === "a" ? { a: toNew, b: toOld } : { a: toOld, b: toNew };
}

/** Best [new, old] weight pair for a fractional percent strictly between 0 and 100. */
function fractionFor(percent: number): [number, number] {
  let best: [number, number] = [1, MAX_WEIGHT - 1];
  let bestError = Infinity;
  for (let total = 2; total <= MAX_WEIGHT; total++) {
    const toNew = Math.min(total - 1, Math.max(1, Math.round((percent * total) / 100)));
    const error = Math.abs((toNew * 100) / total - percent);
    // Strictly better only, so the smallest total wins a tie.
    if (error < bestError - EXACT) {
      best = [toNew, total - toNew];
      bestError = error;
      if (error < EXACT) break;
    }
  }
  return best;
}

/**
 * The percent of traffic (0–100) that `slot` receives under `weights`. All-zero weights split equally,
 * as Route 53 does, so each slot gets 50.
 * Example: `shareOf({ a: 3, b: 1 }, "b")` → `25`.
 */
export function shareOf(weights: Weights, slot: SlotName): number {
  const total = weights.a + weights.b;
  if (total === 0) return 50;
  return (weights[slot] * 100) / total;
}

/**
 * The slot Route 53 sends most traffic to, or null when neither record has weight (or none exists).
 * Example: `servingSlot({ a: 0, b: 100 })` → `"b"`; `servingSlot({ a: null, b: null })` → `null`.
 */
export function servingSlot(weights: { a: number | null; b: number | null }): SlotName | null {
  const a = weights.a ?? 0;
  const b = weights.b ?? 0;
  if (a === 0 && b === 0) return null;
  return b > a ? "b" : "a";
}
