// A canary on two slots whose new fleet starts smaller than the live one (config `strategy.canaryScale`, as
// Argo Rollouts' setCanaryScale `weight`): how big it starts, how much traffic it may take at that size, and
// where the plan brings it to full size so that no step sends it more than it carries.
import type { Plan, PlanStep } from "./model.ts";

/**
 * A fleet at `p`% of the live fleet's size takes at most this fraction of `p`% of the traffic. Its instances
 * then run at 80% of a live instance's load or less, which covers what makes a share of traffic land
 * unevenly: Route 53 answers per resolver, and one large resolver caching the canary's answer for a TTL sends
 * it more than its weight; one canary instance failing its health check moves its load to the others; and a
 * new build may need more per request than the old one (what the canary is there to find out, as alarms,
 * not as overload).
 */
export const CANARY_HEADROOM = 0.8;

// Percents in millionths, as the plan compiler's (80% of 33 is 26.4, not 26.400000000000002).
const PRECISION = 1e6;

/**
 * The most traffic (percent) a new fleet at `scalePercent`% of the live fleet's size may take.
 * Example: `carriedPercent(25)` → 20.
 */
export function carriedPercent(scalePercent: number): number {
  return Math.floor(scalePercent * CANARY_HEADROOM * PRECISION) / PRECISION;
}

/**
 * The smallest canaryScale percent that carries `trafficPercent` (a whole number, for an error's advice).
 * Example: `scaleNeededFor(30)` → 38 (38 × 0.8 = 30.4).
 */
export function scaleNeededFor(trafficPercent: number): number {
  return Math.ceil((trafficPercent * PRECISION) / CANARY_HEADROOM / PRECISION);
}

export interface GroupSize {
  min: number;
  max: number;
  desired: number;
}

/**
 * The new fleet's size at `percent`% of the live fleet's: desired rounded up (never below one instance, so its
 * capacity share is at least `percent`%), minimum equal to it (a scaling policy cannot shrink it below what
 * the plan counted on), maximum the live one's (it may still scale out).
 * Example: live `{ min 2, max 8, desired 4 }` at 25% → `{ min 1, max 8, desired 1 }`.
 */
export function canarySize(live: GroupSize, percent: number): GroupSize {
  if (percent >= 100) return live;
  const desired = Math.min(live.desired, Math.max(1, Math.ceil((live.desired * percent) / 100)));
  return { min: desired, max: live.max, desired };
}

/**
 * A canary's steps with the scale-up put in: a `scaleFleet 100` step before the first shift that sends more
 * than a `scalePercent`% fleet carries (the last shift, to 100%, always does).
 * Example: 25%, `[setWeight 10, bake 180, setWeight 50, bake 180, setWeight 100]` →
 *   `[setWeight 10, bake 180, scaleFleet 100, setWeight 50, bake 180, setWeight 100]`.
 */
export function withScaleUp(steps: PlanStep[], scalePercent: number): PlanStep[] {
  const limit = carriedPercent(scalePercent);
  const first = steps.findIndex((step) => step.kind === "setWeight" && step.percent > limit);
  if (first < 0) return steps;
  return [...steps.slice(0, first), { kind: "scaleFleet", percent: 100 }, ...steps.slice(first)];
}

/**
 * The compile-time check: every shift a plan makes while its new fleet is smaller than the live one, that
 * sends more than the fleet carries at that size (with CANARY_HEADROOM), named. A plan without canaryScale
 * brings its fleet up at full size: nothing to check.
 * Example: canaryScale 25, `[setWeight 10, setWeight 50, …]` → `["step 2 shifts 50% while the new fleet is at 25% of the live fleet's size, which carries at most 20%"]`.
 */
export function overloadedSteps(plan: Pick<Plan, "steps" | "canaryScale">): string[] {
  let scale = plan.canaryScale?.percent ?? 100;
  const problems: string[] = [];
  plan.steps.forEach((step, i) => {
    if (step.kind === "scaleFleet") scale = step.percent;
    if (step.kind !== "setWeight" || scale >= 100 || step.percent <= carriedPercent(scale)) return;
    problems.push(`step ${i + 1} shifts ${step.percent}% while the new fleet is at ${scale}% of the live fleet's size, which carries at most ${carriedPercent(scale)}%`);
  });
  return problems;
}
