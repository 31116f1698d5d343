// Pure CloudWatch metric-alarm evaluation over the evaluation range, following the CloudWatch User Guide,
// "Configuring how CloudWatch alarms treat missing data" (alarms-and-missing-data.html):
// - The evaluation range is longer than N (EvaluationPeriods): N + 2 periods here (the guide's examples: 5 for
//   N = 3), so gaps among the newest N can be covered by real datapoints from further back.
// - At least N real datapoints in the range: the newest N real ones decide; TreatMissingData is not used.
// - Fewer: `breaching` / `notBreaching` fill only as many periods as are short of N ("uses missing data points
//   only as few times as possible") and every real datapoint in the range counts; `missing` / `ignore` judge the
//   real ones alone. None at all: missing → INSUFFICIENT_DATA, ignore → state kept, the others as filled.
// - Premature alarm state: under `missing` the alarm goes to ALARM when the oldest breaching datapoint within the
//   newest N periods is at least M (DatapointsToAlarm) periods old and everything newer is breaching or missing
//   (`- - X - -`); `ignore` keeps the state there. The guide's own rows (`0 - X - -` → OK for 2 of 3) show the
//   rule does not fire when a real non-breaching datapoint is in the range, so that is part of the condition.
// - EvaluateLowSampleCountPercentile `ignore`: a percentile period with too few samples leaves the state as is.
import { filledReason, insufficientDataReason, noDataReason, thresholdReason, type ReasonDatapoint } from "./alarm-reason.ts";

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export type ComparisonOperator =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";
export type TreatMissingData = "missing" | "notBreaching" | "breaching" | "ignore";

export interface AlarmRule {
  threshold: number;
  comparison: ComparisonOperator;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
  /** Percentile alarms only; `evaluate` (AWS's default) judges low-sample periods like any other. */
  evaluateLowSampleCountPercentile?: "evaluate" | "ignore";
}

/** One period of the evaluation range, newest first; `value` undefined when the period had no data. */
export interface PeriodDatapoint {
  t: number;
  value: number | undefined;
  /** A percentile computed from fewer samples than AWS considers significant. */
  lowSampleCount?: boolean;
}

/** The new state and its reason; no reason when the alarm keeps its state and its previous reason. */
export interface Evaluation {
  state: AlarmStateValue;
  reason?: string;
}

/** How many periods an evaluation reads: N plus two, as in every example of the guide. */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

function breaches(value: number, rule: Pick<AlarmRule, "threshold" | "comparison">): boolean {
  switch (rule.comparison) {
    case "GreaterThanThreshold":
      return value > rule.threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= rule.threshold;
    case "LessThanThreshold":
      return value < rule.threshold;
    case "LessThanOrEqualToThreshold":
      return value <= rule.threshold;
  }
}

const isReal = (p: PeriodDatapoint): p is ReasonDatapoint & PeriodDatapoint => p.value !== undefined;

/**
 * Example (rule `> 5`, 2 of 3, missing): range `- - - X -` (newest last; passed newest first) → ALARM by the
 * premature-alarm rule; `0 - X - -` → OK (1 breaching real datapoint of the 2 needed).
 */
export function evaluateAlarm(rule: AlarmRule, range: PeriodDatapoint[], current: AlarmStateValue): Evaluation {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  const real = range.filter(isReal);
  if (rule.evaluateLowSampleCountPercentile === "ignore" && real.slice(0, n).some((p) => p.lowSampleCount)) return { state: current };
  if (real.length >= n) return judge(rule, real.slice(0, n));
  const treat = rule.treatMissingData;
  if (real.length === 0) {
    if (treat === "missing") return { state: "INSUFFICIENT_DATA", reason: insufficientDataReason(n) };
    if (treat === "ignore") return { state: current };
    return treat === "breaching" ? { state: "ALARM", reason: noDataReason(n, "Breaching") } : { state: "OK", reason: noDataReason(n, "NonBreaching") };
  }
  if (treat === "breaching" || treat === "notBreaching") return judgeFilled(rule, real, n - real.length, treat === "breaching");
  const breaching = real.filter((p) => breaches(p.value, rule));
  if (breaching.length < m && prematureAlarm(rule, range)) {
    if (treat === "ignore") return { state: current };
    return { state: "ALARM", reason: thresholdReason(rule, "ALARM", breaching, n, m) };
  }
  return judge(rule, real);
}

/** ALARM when at least M of the evaluated datapoints breach; OK needs N − M + 1 that do not. */
function judge(rule: AlarmRule, evaluated: ReasonDatapoint[]): Evaluation {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm;
  const breaching = evaluated.filter((p) => breaches(p.value, rule));
  if (breaching.length >= m) return { state: "ALARM", reason: thresholdReason(rule, "ALARM", breaching, n, m) };
  const good = evaluated.filter((p) => !breaches(p.value, rule));
  return { state: "OK", reason: thresholdReason(rule, "OK", good, n, n - m + 1) };
}

function judgeFilled(rule: AlarmRule, real: ReasonDatapoint[], filled: number, filledBreach: boolean): Evaluation {
  const n = rule.evaluationPeriods;
  const breaching = real.filter((p) => breaches(p.value, rule));
  const as = filledBreach ? "Breaching" : "NonBreaching";
  if (breaching.length + (filledBreach ? filled : 0) >= rule.datapointsToAlarm) {
    return { state: "ALARM", reason: filledReason(rule, "ALARM", breaching, real.length, n, filled, as) };
  }
  const good = real.filter((p) => !breaches(p.value, rule));
  return { state: "OK", reason: filledReason(rule, "OK", good, real.length, n, filled, as) };
}

/** The guide's "Avoiding premature transitions to alarm state" condition (see the file comment). */
function prematureAlarm(rule: AlarmRule, range: PeriodDatapoint[]): boolean {
  if (range.some((p) => isReal(p) && !breaches(p.value, rule))) return false;
  const newest = range.slice(0, rule.evaluationPeriods);
  let oldestBreachAge = 0;
  newest.forEach((p, i) => {
    if (isReal(p)) oldestBreachAge = i + 1;
  });
  return oldestBreachAge >= rule.datapointsToAlarm;
}
