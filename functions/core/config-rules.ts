// Config rules that relate one field to another. They run even when other fields failed to parse, so that
// one pass lists every problem; each rule therefore reads the half-parsed config defensively and says
// nothing when its inputs are themselves invalid (those already have a problem of their own).
import { namesASlot } from "./alarm-name.ts";
import { LIMITS } from "./config-limits.ts";
import { formatDuration } from "./duration.ts";
import { STRATEGIES_BY_SHAPE, type FleetShape } from "./fleet-shape.ts";
import { batchPercent, CHECKPOINT_MARGIN_SECONDS, MAX_BATCH_WITHOUT_EXTRA, REFRESH_WAIT_MAX_SECONDS } from "./group-plan.ts";
import { canarySteps, linearSteps } from "./plan.ts";

type Path = Array<string | number>;
type Report = (path: Path, message: string) => void;
type Loose = Record<string, unknown>;

const record = (value: unknown): Loose => (typeof value === "object" && value !== null ? (value as Loose) : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const inRange = (value: unknown, min: number, max: number) => num(value) !== undefined && value as number >= min && value as number <= max;

/**
 * Reports every cross-field problem of a (possibly half-parsed) config.
 * Example: `analysis: { alarms: [] }` → report(["analysis","alarms"], "is empty, so no bake can fail; …").
 */
export function checkConfig(config: unknown, report: Report): void {
  const c = record(config);
  checkFleet(record(c.fleet), report);
  checkTraffic(record(c.traffic), report);
  checkSmoke(list(record(c.smoke).checks), report);
  checkAnalysis(record(c.analysis), report);
  if (record(c.fleet).group !== undefined) checkGroupAlarmNames(list(record(c.analysis).alarms), record(record(c.fleet).group).name, report);
  const interval = num(record(c.analysis).interval);
  checkStrategy(record(c.strategy), interval, report);
  checkShapeFitsStrategy(record(c.fleet), record(c.strategy), report);
  if (record(c.fleet).group !== undefined) checkRefreshWaits(record(c.strategy), c.finalBake, report);
  if (interval !== undefined) checkBake(c.finalBake, interval, ["finalBake"], report);
}

function checkFleet(fleet: Loose, report: Report): void {
  if (fleet.provider === "autoscaling" && !fleet.launchTemplateId) report(["fleet", "launchTemplateId"], "is required when provider is autoscaling");
  if (fleet.provider === "codedeploy" && !fleet.application) report(["fleet", "application"], "is required when provider is codedeploy");
  // A CodeDeploy slot's AMI goes in service through its Auto Scaling group's launch template (adapters/codedeploy.ts).
  if (fleet.provider === "codedeploy" && !fleet.launchTemplateId) report(["fleet", "launchTemplateId"], "is required when provider is codedeploy");
  if (fleet.provider === "codedeploy" && !fleet.revision) report(["fleet", "revision"], "is required when provider is codedeploy (the S3 appspec bundle to deploy)");
  const slots = record(fleet.slots);
  const a = record(slots.a).group;
  if (typeof a === "string" && a === record(slots.b).group) report(["fleet", "slots", "b", "group"], "must differ from slot a's group");
  // A missing fleet is reported as missing; only a fleet that is there can lack both shapes.
  if (Object.keys(fleet).length > 0 && fleet.slots === undefined && fleet.group === undefined)
    report(["fleet"], "needs slots (two fleets behind weighted records) or group (one Auto Scaling group whose instances are replaced)");
  if (fleet.slots !== undefined && fleet.group !== undefined)
    report(["fleet", "group"], "cannot be combined with fleet.slots: a fleet is either two slots or one group");
  if (fleet.group !== undefined && fleet.provider === "codedeploy")
    report(["fleet", "provider"], "must be autoscaling with fleet.group (an instance refresh replaces the group's instances)");
}

/** A strategy runs on the shape it moves: traffic between two slots, or instances inside one group. */
function checkShapeFitsStrategy(fleet: Loose, strategy: Loose, report: Report): void {
  if (typeof strategy.kind !== "string" || (fleet.slots === undefined) === (fleet.group === undefined)) return;
  const shape: FleetShape = fleet.group !== undefined ? "group" : "slots";
  const kind = strategy.kind as (typeof STRATEGIES_BY_SHAPE)[FleetShape][number];
  if (STRATEGIES_BY_SHAPE[shape].includes(kind)) return;
  const other: FleetShape = shape === "group" ? "slots" : "group";
  const needs = other === "group" ? "one Auto Scaling group (fleet.group)" : "two slots (fleet.slots)";
  report(["strategy", "kind"], `${kind} needs ${needs}; with fleet.${shape} use ${STRATEGIES_BY_SHAPE[shape].join(", ")}`);
}

/** An ALB mover names exactly one place to write (the listener's default action or one rule) and two target groups. */
function checkTraffic(traffic: Loose, report: Report): void {
  if (traffic.kind !== "alb") return;
  const listener = typeof traffic.listenerArn === "string";
  const rule = typeof traffic.ruleArn === "string";
  if (listener === rule)
    report(["traffic", listener ? "ruleArn" : "listenerArn"], listener ? "give listenerArn or ruleArn, not both" : "is required when traffic.kind is alb (or give ruleArn)");
  const groups = record(traffic.targetGroups);
  if (typeof groups.a === "string" && groups.a === groups.b) report(["traffic", "targetGroups", "b"], "must differ from slot a's target group");
}

function checkSmoke(checks: unknown[], report: Report): void {
  let worstCase = 0;
  checks.forEach((value, i) => {
    const check = record(value);
    const attempts = num(check.attempts);
    const mustPass = num(check.mustPass);
    const timeout = num(check.timeout);
    if (attempts !== undefined && mustPass !== undefined && mustPass > attempts)
      report(["smoke", "checks", i, "mustPass"], `cannot exceed attempts (${attempts})`);
    if (attempts !== undefined && timeout !== undefined) worstCase += attempts * timeout;
  });
  if (worstCase > LIMITS.smokeBudgetSeconds)
    report(["smoke", "checks"], `can take ${worstCase}s (attempts × timeout, summed); at most ${LIMITS.smokeBudgetSeconds}s fits in the smoke test`);
}

function checkAnalysis(analysis: Loose, report: Report): void {
  if (Array.isArray(analysis.alarms) && analysis.alarms.length === 0 && analysis.allowNoAlarms !== true)
    report(["analysis", "alarms"], "is empty, so no bake could ever fail; list the alarms to watch, or set analysis.allowNoAlarms: true");
}

/**
 * One group has no slots, so `{slot}` in an alarm name would read as the placeholder slot `a` the ledger keeps
 * for it and name an alarm of a fleet that does not exist. `{fleet}` names the group itself.
 */
function checkGroupAlarmNames(alarms: unknown[], group: unknown, report: Report): void {
  const example = typeof group === "string" && group !== "" ? ` (e.g. {fleet}-5xx for ${group}-5xx)` : "";
  alarms.forEach((value, i) => {
    const name = record(value).name;
    if (typeof name === "string" && namesASlot(name)) report(["analysis", "alarms", i, "name"], `says {slot}, but fleet.group is one group with no slots: write {fleet}, which is the group's name${example}`);
  });
}

function checkStrategy(strategy: Loose, interval: number | undefined, report: Report): void {
  if (strategy.kind === "canary" || strategy.kind === "rolling") checkCanary(list(strategy.steps), interval, report);
  if (strategy.kind === "rolling" && strategy.extraBatch !== true) checkBatch(list(strategy.steps), report);
  if (strategy.kind === "linear") {
    if (interval !== undefined) checkBake(strategy.every, interval, ["strategy", "every"], report);
    const every = num(strategy.every);
    // Only a percent in range is compiled: 1e-300 would take forever to reach 100.
    if (inRange(strategy.percent, 1, 100) && every !== undefined) {
      const size = linearSteps(strategy.percent as number, every).length;
      if (size > LIMITS.planSteps)
        report(["strategy", "percent"], `compiles to ${size} plan steps, more than ${LIMITS.planSteps}; use a larger percent`);
    }
  }
  if (strategy.kind === "abTest" && interval !== undefined) checkBake(strategy.until, interval, ["strategy", "until"], report);
}

function checkCanary(steps: unknown[], interval: number | undefined, report: Report): void {
  let previous = 0;
  steps.forEach((value, i) => {
    const step = record(value);
    if (interval !== undefined) checkBake(step.bake, interval, ["strategy", "steps", i, "bake"], report);
    // Out-of-range percents are already reported; don't report them twice.
    if (!inRange(step.percent, 1, 100)) return;
    const percent = step.percent as number;
    if (percent < previous + 1) report(["strategy", "steps", i, "percent"], `must be at least 1 above the previous step (${previous})`);
    previous = percent;
  });
  const last = record(steps.at(-1)).percent;
  if (inRange(last, 1, 100) && last !== 100)
    report(["strategy", "steps", steps.length - 1, "percent"], "the last step must be 100 (add { percent: 100 })");
  const valid = steps.every((value) => inRange(record(value).percent, 1, 100) && ["undefined", "number"].includes(typeof record(value).bake));
  if (valid && interval !== undefined) {
    const size = canarySteps(steps as Array<{ percent: number; bake?: number }>, interval).length;
    if (size > LIMITS.planSteps) report(["strategy", "steps"], `compiles to ${size} plan steps, more than ${LIMITS.planSteps}; use fewer steps`);
  }
}

/**
 * On one group the instance refresh waits out each bake at its checkpoint (CheckpointDelay) and the final
 * bake before it completes (BakeTime), each with a margin: Auto Scaling allows at most 48 hours for either.
 */
function checkRefreshWaits(strategy: Loose, finalBake: unknown, report: Report): void {
  const longest = REFRESH_WAIT_MAX_SECONDS - CHECKPOINT_MARGIN_SECONDS;
  const tooLong = (seconds: unknown) => (num(seconds) ?? 0) > longest;
  const message = `must be at most ${formatDuration(longest)} on one group: the instance refresh waits it out plus ${formatDuration(CHECKPOINT_MARGIN_SECONDS)}, and Auto Scaling allows 48h`;
  if (strategy.kind === "rolling" || strategy.kind === "canary")
    list(strategy.steps).forEach((value, i) => tooLong(record(value).bake) && report(["strategy", "steps", i, "bake"], message));
  if (tooLong(finalBake)) report(["finalBake"], message);
}

/**
 * Rolling without an extra batch takes each batch out of service before its replacement is up: a batch over
 * half the group would leave fewer than half the instances serving (all of them at 100%).
 */
function checkBatch(steps: unknown[], report: Report): void {
  const percents = steps.map((value) => record(value).percent);
  if (!percents.every((p) => inRange(p, 1, 100))) return;
  const batch = batchPercent(percents as number[]);
  if (batch > MAX_BATCH_WITHOUT_EXTRA)
    report(["strategy", "steps"], `each batch replaces ${batch}% of the instances, leaving ${100 - batch}% in service; add a step so no batch exceeds ${MAX_BATCH_WITHOUT_EXTRA}%, or set extraBatch: true to launch each batch first`);
}

/** A bake is 0s (none) or at least one check interval: a shorter one would end before its first check. */
function checkBake(value: unknown, interval: number, path: Path, report: Report): void {
  const seconds = num(value);
  if (seconds !== undefined && seconds > 0 && seconds < interval)
    report(path, `${formatDuration(seconds)} is shorter than analysis.interval (${formatDuration(interval)}), so it would never be checked; use 0s or at least ${formatDuration(interval)}`);
}
