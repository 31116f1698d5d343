// A flag release's plan, as data the flag release state machine walks like a deployment's: set the flag's
// percentage, bake under the env's alarms, and so on up to the target. Pure; every problem is listed.
import { formatDuration } from "../core/duration.ts";
import type { DeploymentRecord, PlanStep } from "../core/model.ts";
import type { Flag } from "./document.ts";

export interface FlagReleaseRequest {
  flag: string;
  /** The percentages to pass through, increasing; the last is the target. */
  steps: number[];
  /** How long each step bakes under alarm watch before the next. */
  bakeSeconds: number;
}

export type FlagReleasePlan = { ok: true; steps: PlanStep[]; from: number } | { ok: false; problems: string[] };

/** The strategy a flag release's ledger record carries, by which `flag kill` finds a release of the flag in flight. */
export const flagReleaseStrategy = (flag: string): string => `flagRelease ${flag}`;

/**
 * The percentage the release itself last set before plan step `index` (null before its first step): what the flag
 * is while nobody else touched it.
 * Example: steps [setFlag 5, bake, setFlag 25, bake], index 3 → 25.
 */
export function lastSetPercent(plan: readonly PlanStep[], index: number): number | null {
  const set = plan.slice(0, index).filter((step) => step.kind === "setFlag").at(-1);
  return set?.kind === "setFlag" ? set.percent : null;
}

/**
 * The percentage a release's record says it last set (its last recorded setFlag step), or null before its first.
 * Example: record steps [setFlag index 0, bake index 1, setFlag index 2] of the plan above → 25.
 */
export function percentRecordedSet(record: Pick<DeploymentRecord, "plan" | "steps">): number | null {
  const lastStep = record.steps.filter((step) => step.kind === "setFlag").at(-1);
  return lastStep ? lastSetPercent(record.plan, lastStep.index + 1) : null;
}

/** Whether the flag is as a release left it at `percent`. */
export const isAtReleasePercent = (flag: Flag | undefined, percent: number): boolean => flag?.state === "percentage" && flag.percent === percent;

/** The share of keys a flag is on for now: on 100, off 0 (its allow list aside). */
const percentOf = (flag: Flag): number => (flag.state === "on" ? 100 : flag.state === "off" ? 0 : flag.percent);

const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/**
 * The plan from the flag's current percentage through each step, a bake after each.
 * Example: `flagReleasePlan({ flag: "checkout", steps: [5, 25, 100], bakeSeconds: 600 }, { state: "off", by: "userId" })` →
 *   setFlag 5, bake 600, setFlag 25, bake 600, setFlag 100, bake 600.
 */
export function flagReleasePlan(request: FlagReleaseRequest, flag: Flag): FlagReleasePlan {
  const problems: string[] = [];
  const from = percentOf(flag);
  request.steps.forEach((percent, i) => {
    if (!(percent > 0 && percent <= 100) || !hundredths(percent)) problems.push(`steps[${i}]: must be above 0 and at most 100, in 0.01 steps (is ${percent})`);
    else if (i > 0 && percent <= request.steps[i - 1]!) problems.push(`steps[${i}]: must be above the step before (${request.steps[i - 1]})`);
    else if (i === 0 && percent <= from) problems.push(`steps[0]: must be above the flag's ${from}% now (${flag.state})`);
  });
  if (request.steps.length === 0) problems.push("steps: needs at least one step");
  if (request.steps.length > 50) problems.push("steps: at most 50");
  if (!Number.isInteger(request.bakeSeconds) || request.bakeSeconds < 0 || request.bakeSeconds > 7 * 86400) problems.push(`bake: must be 0s–7d (is ${formatDuration(request.bakeSeconds)})`);
  if (problems.length > 0) return { ok: false, problems };
  const bake: PlanStep[] = request.bakeSeconds > 0 ? [{ kind: "bake", seconds: request.bakeSeconds }] : [];
  return { ok: true, from, steps: request.steps.flatMap((percent): PlanStep[] => [{ kind: "setFlag", flag: request.flag, percent }, ...bake]) };
}
