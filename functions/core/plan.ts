// Compiles a config's strategy into a plan: the list of steps the Rollout Map walks, one kind each.
import type { Config } from "./config.ts";
import { formatDuration } from "./duration.ts";
import { fleetShape } from "./fleet-shape.ts";
import { ConfigInvalidError } from "../errors.ts";
import { fleetChangeOf, type GroupStrategy } from "./group-plan.ts";
import type { Plan, PlanStep } from "./model.ts";
import { overloadedSteps, withScaleUp } from "./canary-scale.ts";

// Percent arithmetic for linear steps works in millionths so 3 × 33.3 is 99.9, not 99.89999999999999.
const PRECISION = 1e6;
const roundPercent = (value: number) => Math.round(value * PRECISION) / PRECISION;

const setWeight = (percent: number): PlanStep => ({ kind: "setWeight", percent });
const replaceInstances = (percent: number): PlanStep => ({ kind: "replaceInstances", percent });
const bake = (seconds: number): PlanStep[] => (seconds > 0 ? [{ kind: "bake", seconds }] : []);

/**
 * Compiles the strategy of a validated config into a plan.
 * - allAtOnce, blueGreen: shift 100% (the final bake watches it).
 * - canary: each step shifts then bakes (its own bake, or one analysis interval when a step before the last
 *   has none); a plan always ends at 100% (validation requires the last step to be 100; a config built by
 *   hand that stops below it still gets 100% appended).
 * - linear: percent, 2×percent, … up to 100, each but the last followed by a bake of `every`.
 * - abTest: hold the split for an approval or a duration, then shift 100%.
 * On one group (fleet.group) steps move the share of instances on the new version instead of traffic:
 * - rolling, canary: each step replaces instances up to its percent, then bakes (as a canary's shifts do).
 * - allAtOnce: every instance at once. immutable: no step; the temporary group is the idle fleet.
 * and the plan carries the instance refresh's preferences (group-plan.ts).
 * A bake of 0s is left out (it would check nothing).
 * A canary with canaryScale (two slots) brings its new fleet up at that share of the live fleet's size, and a
 * scaleFleet step brings it to full size before the first shift it could not carry (canary-scale.ts).
 * Example: canary `[{5, bake 5m}, {25}]` with interval 30s →
 *   `[setWeight 5, bake 300, setWeight 25, bake 30, setWeight 100]`.
 */
export function compilePlan(config: Config): Plan {
  if (fleetShape(config.fleet) === "group") return groupPlan(config);
  const { strategy } = config;
  const canaryScale = strategy.kind === "canary" ? strategy.canaryScale : undefined;
  const plan: Plan = {
    strategy: strategy.kind,
    steps: canaryScale ? withScaleUp(stepsFor(config), canaryScale.percent) : stepsFor(config),
    finalBakeSeconds: config.finalBake,
    ...(canaryScale ? { canaryScale: { percent: canaryScale.percent } } : {}),
  };
  // Validation refuses a canaryScale whose first step does not fit; a config built by hand gets here.
  const overloaded = overloadedSteps(plan);
  if (overloaded.length > 0) throw new ConfigInvalidError(overloaded.map((problem) => `strategy.canaryScale: ${problem}`));
  return plan;
}

function groupPlan(config: Config): Plan {
  const { strategy } = config;
  const steps =
    strategy.kind === "rolling" || strategy.kind === "canary"
      ? canarySteps(strategy.steps, config.analysis.interval, replaceInstances)
      : strategy.kind === "allAtOnce"
        ? [replaceInstances(100)]
        : [];
  const percents = steps.flatMap((step) => (step.kind === "replaceInstances" ? [step.percent] : []));
  const longestBake = Math.max(0, ...steps.map((step) => (step.kind === "bake" ? step.seconds : 0)));
  return {
    strategy: strategy.kind,
    steps,
    finalBakeSeconds: config.finalBake,
    fleetChange: fleetChangeOf(groupStrategy(strategy), percents, longestBake, config.finalBake),
  };
}

function groupStrategy(strategy: Config["strategy"]): GroupStrategy {
  switch (strategy.kind) {
    case "rolling":
      return { kind: "rolling", extraBatch: strategy.extraBatch };
    case "canary":
    case "allAtOnce":
    case "immutable":
      return { kind: strategy.kind };
    default:
      // Validation refuses these on one group (config-rules.ts); only a config built by hand gets here.
      throw new ConfigInvalidError([`strategy.kind: ${strategy.kind} cannot run on one group (fleet.group)`]);
  }
}

function stepsFor(config: Config): PlanStep[] {
  const { strategy } = config;
  switch (strategy.kind) {
    case "allAtOnce":
    case "blueGreen":
      return [setWeight(100)];
    case "canary":
      return canarySteps(strategy.steps, config.analysis.interval);
    // One-group strategies never reach here (compilePlan); validation refuses them on two slots.
    case "rolling":
    case "immutable":
      return [setWeight(100)];
    case "linear":
      return linearSteps(strategy.percent, strategy.every);
    case "abTest":
      return abTestSteps(config, strategy.percent, strategy.until);
  }
}

export function canarySteps(
  steps: Array<{ percent: number; bake?: number | undefined }>,
  intervalSeconds: number,
  move: (percent: number) => PlanStep = setWeight,
): PlanStep[] {
  const reachesFull = steps.at(-1)?.percent === 100;
  const out: PlanStep[] = [];
  steps.forEach((step, i) => {
    const isFinal = reachesFull && i === steps.length - 1;
    out.push(move(step.percent));
    // Between two shifts something must watch the alarms; after the final shift the final bake does.
    out.push(...bake(step.bake ?? (isFinal ? 0 : intervalSeconds)));
  });
  if (!reachesFull) out.push(move(100));
  return out;
}

export function linearSteps(percent: number, everySeconds: number): PlanStep[] {
  const out: PlanStep[] = [];
  for (let k = 1; ; k++) {
    const next = roundPercent(k * percent);
    if (next >= 100) break;
    out.push(setWeight(next), ...bake(everySeconds));
  }
  out.push(setWeight(100));
  return out;
}

function abTestSteps(config: Config, percent: number, until: "approval" | number): PlanStep[] {
  if (percent === 100) return [setWeight(100), ...holdFor(config, percent, until)];
  return [setWeight(percent), ...holdFor(config, percent, until), setWeight(100)];
}

function holdFor(config: Config, percent: number, until: "approval" | number): PlanStep[] {
  if (until !== "approval") return bake(until);
  return [
    {
      kind: "approval",
      timeoutSeconds: config.approval.timeout,
      question: `Promote ${config.app}/${config.env} from ${percent}% to 100% of traffic?`,
    },
  ];
}

/**
 * The plan of an app/env's first deployment: nothing is live yet, so there is no old version to compare a
 * canary against and no traffic to protect; the new version takes 100% after its smoke test, and the final
 * bake still watches it.
 * Example: a canary `[setWeight 5, bake 300, setWeight 100]` → `[setWeight 100]`, same final bake.
 */
export function firstDeployPlan(plan: Plan): Plan {
  // Its fleet takes 100% at once, so it is brought up at full size whatever canaryScale says.
  const { canaryScale: _smallFleet, ...rest } = plan;
  return { ...rest, steps: [setWeight(100)] };
}

/**
 * One human line per step, then the final bake, for `glidepath plan` and the ledger.
 * Example: `[setWeight 5, bake 300]`, final bake 300 →
 *   `["Shift 5% to the new version", "Bake 5m under alarm watch", "Final bake 5m at 100% under alarm watch"]`.
 */
export function describePlan(plan: Plan): string[] {
  const lines = plan.steps.map((step) => {
    switch (step.kind) {
      case "setWeight":
        return `Shift ${step.percent}% to the new version`;
      case "bake":
        return `Bake ${formatDuration(step.seconds)} under alarm watch`;
      case "approval":
        return `Wait for approval (timeout ${formatDuration(step.timeoutSeconds)})`;
      case "replaceInstances":
        return `Replace instances until ${step.percent}% run the new version`;
      case "setFlag":
        return `Turn flag ${step.flag} on for ${step.percent}%`;
      case "scaleFleet":
        return `Scale the new fleet to ${step.percent}% of the live fleet's size and wait until it is InService`;
    }
  });
  // Immutable: the final bake is the only one, with old and new instances side by side behind the load balancer.
  if (plan.finalBakeSeconds > 0 && plan.fleetChange?.kind === "temporaryGroup")
    lines.push(`Final bake ${formatDuration(plan.finalBakeSeconds)} with the temporary group serving beside the group, under alarm watch`);
  else if (plan.finalBakeSeconds > 0) lines.push(`Final bake ${formatDuration(plan.finalBakeSeconds)} at 100% under alarm watch`);
  else lines.push("Promote without a final bake");
  return lines;
}
