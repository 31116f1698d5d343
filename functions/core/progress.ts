// Where a deployment in progress stands, read from its ledger record alone: step n of m, what it is doing in
// the words of the Step Functions console, and until when its current wait lasts. `glidepath status` shows it.
import type { DeploymentRecord, PlanStep, StepRecord } from "./model.ts";
import { formatDuration } from "./duration.ts";

/** What a deployment is doing: before the first plan step, one of its plan steps, the final bake, or after. */
export type ProgressKind = "setup" | PlanStep["kind"] | "finalBake" | "promoted" | "rollingBack";

export interface Progress {
  /** 1-based index of the current plan step; 0 before the first (image, fleet, smoke test). */
  index: number;
  /** Steps in the plan (the final bake is not counted). */
  count: number;
  kind: ProgressKind;
  /** One line, in the state names the console shows ("Bake under alarm watch", "Wait for approval"). */
  state: string;
  /**
   * When the current wait ends at the latest (epoch ms): an approval's timeout, or for a bake its earliest end
   * (it passes only once it has lasted its duration and had enough healthy checks). Null when not waiting.
   */
  waitEndsAt: number | null;
}

const PLAN_KINDS = new Set<StepRecord["kind"]>(["setWeight", "bake", "approval", "setFlag", "replaceInstances", "scaleFleet"]);

/**
 * Progress of `record`. `ttlSeconds` is the record's TTL: a bake begins once a shift has synced and resolver
 * caches have expired, so its earliest end is the shift's time + TTL + the bake. Once promoted, the old fleet
 * is retired `scaleDownDelaySeconds` after the promotion.
 * Example: a plan [10%, bake 3m, 100%] whose ledger has the 10% shift at 12:00:00, TTL 30 s →
 * `{ index: 2, count: 3, kind: "bake", state: "Bake under alarm watch: 3m at 10%", waitEndsAt: 12:03:30 }`.
 */
export function progressOf(record: Pick<DeploymentRecord, "plan" | "steps" | "outcome" | "endedAt">, ttlSeconds: number, scaleDownDelaySeconds = 0): Progress {
  const count = record.plan.length;
  const at = (index: number, kind: ProgressKind, state: string, waitEndsAt: number | null = null): Progress => ({ index, count, kind, state, waitEndsAt });
  const rollback = record.steps.findLast((step) => step.kind === "rollback" || step.kind === "drain");
  if (rollback) return at(lastPlanIndex(record.steps) + 1, "rollingBack", `Roll back: ${rollback.reason}`);
  if (record.outcome === "promoted") {
    const retireAt = record.endedAt ? Date.parse(record.endedAt) + scaleDownDelaySeconds * 1000 : null;
    return at(count, "promoted", "Wait before retiring the old fleet (promoted; the old fleet stays warm for a late rollback)", retireAt);
  }
  const planSteps = record.steps.filter((step) => PLAN_KINDS.has(step.kind) && step.index >= 0);
  const last = planSteps.at(-1);
  if (!last) {
    const smoked = record.steps.some((step) => step.kind === "smoke");
    return at(0, "setup", smoked ? "Smoke test passed; rolling out" : "Bake image, prepare the idle fleet and smoke test it");
  }
  if (last.kind === "approval" && !last.endedAt) {
    const planned = record.plan[last.index];
    const timeout = planned?.kind === "approval" ? planned.timeoutSeconds : 0;
    return at(last.index + 1, "approval", `Wait for approval: ${planned?.kind === "approval" ? planned.question : last.reason}`, Date.parse(last.startedAt) + timeout * 1000);
  }
  // A bake's wait records its start (its task token) and its judge the end: started and not judged, it is current.
  if (last.kind === "bake" && !last.endedAt) {
    const planned = record.plan[last.index];
    const seconds = planned?.kind === "bake" ? planned.seconds : 0;
    return at(last.index + 1, "bake", `Bake under alarm watch: ${formatDuration(seconds)} at ${percentBefore(record.plan, last.index)}%`, Date.parse(last.startedAt) + seconds * 1000);
  }
  const next = last.index + 1;
  const step = record.plan[next];
  if (!step) {
    const finalBake = record.steps.find((s) => s.kind === "finalBake");
    return finalBake ? at(count, "finalBake", "Promote the new version") : at(count, "finalBake", "Final bake under alarm watch at 100%");
  }
  const shiftedTo = percentBefore(record.plan, next);
  if (step.kind === "setWeight") return at(next + 1, "setWeight", `Shift traffic to ${step.percent}%`);
  if (step.kind === "approval") return at(next + 1, "approval", `Wait for approval: ${step.question}`);
  if (step.kind === "setFlag") return at(next + 1, "setFlag", `Turn flag ${step.flag} on for ${step.percent}%`);
  if (step.kind === "replaceInstances") return at(next + 1, "replaceInstances", `Replace instances until ${step.percent}% run the new version`);
  if (step.kind === "scaleFleet") return at(next + 1, "scaleFleet", `Scale the new fleet to ${step.percent}% of the live fleet's size`);
  const startedFrom = Date.parse(last.endedAt ?? last.startedAt) + ttlSeconds * 1000;
  return at(next + 1, "bake", `Bake under alarm watch: ${formatDuration(step.seconds)} at ${shiftedTo}%`, startedFrom + step.seconds * 1000);
}

function lastPlanIndex(steps: StepRecord[]): number {
  return steps.filter((step) => PLAN_KINDS.has(step.kind) && step.index >= 0).at(-1)?.index ?? -1;
}

/** The share the new version has (of traffic; a flag release: the flag's; one group: of its instances) when the plan reaches step `index`. */
function percentBefore(plan: PlanStep[], index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const step = plan[i];
    if (step?.kind === "setWeight" || step?.kind === "setFlag" || step?.kind === "replaceInstances") return step.percent;
  }
  return 0;
}
