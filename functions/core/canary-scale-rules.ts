// The config rules of `strategy.canaryScale` (canary-scale.ts): where a smaller canary fleet can run, and
// that its first step fits in it. Like config-rules.ts, they read a possibly half-parsed config defensively.
import { CANARY_HEADROOM, carriedPercent, scaleNeededFor } from "./canary-scale.ts";

type Report = (path: Array<string | number>, message: string) => void;
type Loose = Record<string, unknown>;

const record = (value: unknown): Loose => (typeof value === "object" && value !== null ? (value as Loose) : {});

/**
 * Reports every problem of a config's canaryScale.
 * Example: canaryScale 25 with a first step of 30% →
 *   report(["strategy","canaryScale","percent"], "a fleet at 25% of the live one carries at most 20% of traffic, …").
 */
export function checkCanaryScale(config: unknown, report: Report): void {
  const c = record(config);
  const strategy = record(c.strategy);
  if (strategy.canaryScale === undefined) return;
  const fleet = record(c.fleet);
  const path = ["strategy", "canaryScale"];
  if (fleet.group !== undefined) report(path, "needs two slots (fleet.slots): on one group the canary's steps already set how many new instances run");
  if (fleet.provider === "codedeploy") report(path, "needs fleet.provider autoscaling: a CodeDeploy deployment group is brought up at fleet.capacity");
  const percent = record(strategy.canaryScale).percent;
  const first = record(Array.isArray(strategy.steps) ? strategy.steps[0] : undefined).percent;
  if (typeof percent !== "number" || typeof first !== "number" || percent < 1 || percent > 99) return;
  if (first > carriedPercent(percent))
    report(
      [...path, "percent"],
      `a new fleet at ${percent}% of the live fleet's size carries at most ${carriedPercent(percent)}% of traffic (${CANARY_HEADROOM * 100}%, for headroom), but strategy.steps[0] sends ${first}%: make it at least ${scaleNeededFor(first)}, or leave canaryScale out`,
    );
}
