// The StateReason text CloudWatch writes on a metric alarm's transition, in AWS's own wording. The shapes are
// taken from reasons AWS publishes in alarm events and history (e.g. "Threshold Crossed: 1 out of the last 1
// datapoints [5.47 (18/06/21 07:23:00)] was not greater than the threshold (5.5) (minimum 1 datapoint for
// ALARM -> OK transition)."), so operators and tests read the same sentences as on AWS.
import type { ComparisonOperator } from "./alarm-evaluation.ts";

export interface ReasonDatapoint {
  t: number;
  value: number;
}

const phrases: Record<ComparisonOperator, string> = {
  GreaterThanThreshold: "greater than",
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

export type MissingTreatmentLabel = "Breaching" | "NonBreaching";

interface Judged {
  comparison: ComparisonOperator;
  threshold: number;
}

/** "1 datapoint" / "3 datapoints"; with `verb`, "1 datapoint was" / "3 datapoints were"; `qualifier` goes before the noun. */
function datapoints(count: number, verb = false, qualifier = ""): string {
  const noun = `${count} ${qualifier}datapoint${count === 1 ? "" : "s"}`;
  return verb ? `${noun} ${count === 1 ? "was" : "were"}` : noun;
}

function listed(points: ReasonDatapoint[]): string {
  return `[${points.map((p) => `${formatNumber(p.value)} (${formatTime(p.t)})`).join(", ")}]`;
}

function criterion(rule: Judged, negated: boolean): string {
  return `${negated ? "not " : ""}${phrases[rule.comparison]} the threshold (${formatNumber(rule.threshold)})`;
}

/** Enough real datapoints: "K out of the last N datapoints […] were greater than … (minimum M datapoints for OK -> ALARM transition)." */
export function thresholdReason(
  rule: Judged,
  to: "ALARM" | "OK",
  counted: ReasonDatapoint[],
  evaluationPeriods: number,
  minimumForTransition: number,
): string {
  const verb = counted.length === 1 ? "was" : "were";
  const transition = to === "ALARM" ? "OK -> ALARM" : "ALARM -> OK";
  return `Threshold Crossed: ${counted.length} out of the last ${evaluationPeriods} datapoints ${listed(counted)} ${verb} ${criterion(rule, to === "OK")} (minimum ${datapoints(minimumForTransition)} for ${transition} transition).`;
}

/** Some periods filled by TreatMissingData: "1 datapoint [0.0 (…)] was not greater than … and 2 missing datapoints were treated as [Breaching]." */
export function filledReason(rule: Judged, to: "ALARM" | "OK", counted: ReasonDatapoint[], received: number, periods: number, filled: number, as: MissingTreatmentLabel): string {
  const missing = `${datapoints(filled, true, "missing ")} treated as [${as}]`;
  // When the filled datapoints are what breaches, AWS names how many arrived rather than listing values.
  if (to === "ALARM" && as === "Breaching") return `Threshold Crossed: ${datapoints(received, true)} received for ${periods} periods and ${missing}.`;
  return `Threshold Crossed: ${datapoints(counted.length)} ${listed(counted)} ${counted.length === 1 ? "was" : "were"} ${criterion(rule, to === "OK")} and ${missing}.`;
}

/** Nothing arrived and TreatMissingData decides: "no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching]." */
export function noDataReason(periods: number, as: MissingTreatmentLabel): string {
  return `Threshold Crossed: no datapoints were received for ${periods} period${periods === 1 ? "" : "s"} and ${datapoints(periods, true, "missing ")} treated as [${as}].`;
}

/** TreatMissingData `missing` with nothing to evaluate: "Insufficient Data: 3 datapoints were unknown." */
export function insufficientDataReason(periods: number): string {
  return `Insufficient Data: ${datapoints(periods, true)} unknown.`;
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
