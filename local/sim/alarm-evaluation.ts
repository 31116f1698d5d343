// Pure CloudWatch alarm evaluation: the last N period datapoints → state and an AWS-style reason.
//
// Model (per the CloudWatch docs on M-of-N and TreatMissingData), simplified in one way: the evaluation
// range is exactly the last N periods (AWS may look a little further back for real datapoints).
// - Every datapoint missing: missing → INSUFFICIENT_DATA, notBreaching → OK, breaching → ALARM,
//   ignore → the current state is kept.
// - Otherwise, present datapoints are judged against the threshold; missing ones count as breaching only
//   with `breaching` (as good with `notBreaching`, not at all with `missing`/`ignore`). ALARM when at least
//   M (DatapointsToAlarm) breach, else OK.
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
}

/** One period, newest first; `value` undefined when the period had no data. */
export interface PeriodDatapoint {
  t: number;
  value: number | undefined;
}

export interface Evaluation {
  state: AlarmStateValue;
  reason: string;
}

const phrases: Record<ComparisonOperator, string> = {
  GreaterThanThreshold: "greater than",
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

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

/**
 * Example: rule `> 5`, 2 of 3; datapoints [25, 30, 1] (newest first) →
 * ALARM, "Threshold Crossed: 2 out of the last 3 datapoints [25.0 (01/01/26 12:02:00), 30.0 (…)] were greater
 * than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition)."
 */
export function evaluateAlarm(rule: AlarmRule, points: PeriodDatapoint[], current: AlarmStateValue): Evaluation {
  const n = rule.evaluationPeriods;
  const present = points.filter((p): p is { t: number; value: number } => p.value !== undefined);
  if (present.length === 0) {
    const reasonAll = `${n} datapoint${n === 1 ? " was" : "s were"} unknown`;
    switch (rule.treatMissingData) {
      case "missing":
        return { state: "INSUFFICIENT_DATA", reason: `Insufficient Data: ${reasonAll}.` };
      case "ignore":
        return { state: current, reason: `No datapoints in the last ${n} periods; current state kept (missing data ignored).` };
      case "notBreaching":
        return { state: "OK", reason: `Threshold Crossed: no datapoints were received for ${n} period${n === 1 ? "" : "s"} and ${n} missing datapoint${n === 1 ? " was" : "s were"} treated as [NonBreaching].` };
      case "breaching":
        return { state: "ALARM", reason: `Threshold Crossed: no datapoints were received for ${n} period${n === 1 ? "" : "s"} and ${n} missing datapoint${n === 1 ? " was" : "s were"} treated as [Breaching].` };
    }
  }
  const breaching = present.filter((p) => breaches(p.value, rule));
  const missing = n - present.length;
  const breachCount = breaching.length + (rule.treatMissingData === "breaching" ? missing : 0);
  const m = rule.datapointsToAlarm;
  const listed = (ps: Array<{ t: number; value: number }>) => `[${ps.map((p) => `${formatNumber(p.value)} (${formatTime(p.t)})`).join(", ")}]`;
  const missingNote = missing > 0 && (rule.treatMissingData === "breaching" || rule.treatMissingData === "notBreaching")
    ? ` (${missing} missing datapoint${missing === 1 ? " was" : "s were"} treated as [${rule.treatMissingData === "breaching" ? "Breaching" : "NonBreaching"}])`
    : "";
  if (breachCount >= m) {
    return {
      state: "ALARM",
      reason: `Threshold Crossed: ${breachCount} out of the last ${n} datapoints ${listed(breaching)} ${breachCount === 1 ? "was" : "were"} ${phrases[rule.comparison]} the threshold (${formatNumber(rule.threshold)})${missingNote} (minimum ${m} datapoint${m === 1 ? "" : "s"} for OK -> ALARM transition).`,
    };
  }
  const good = present.filter((p) => !breaches(p.value, rule));
  return {
    state: "OK",
    reason: `Threshold Crossed: ${good.length} out of the last ${n} datapoints ${listed(good)} ${good.length === 1 ? "was" : "were"} not ${phrases[rule.comparison]} the threshold (${formatNumber(rule.threshold)})${missingNote} (minimum 1 datapoint for ALARM -> OK transition).`,
  };
}

/** CloudWatch prints doubles Java-style: 25 → "25.0", 2.5 → "2.5". */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** CloudWatch's reason timestamps: dd/MM/yy HH:mm:ss in UTC. */
function formatTime(t: number): string {
  const d = new Date(t);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
