// Every row of the CloudWatch User Guide's two missing-data tables, for every TreatMissingData value and from
// every prior state: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
// ("How alarm state is evaluated when data is missing"; datapoints oldest → newest, 0 = not breaching,
// X = breaching, - = missing; evaluation range 5, Evaluation Periods 3).
import { describe, expect, it } from "vitest";
import { evaluateAlarm, evaluationRange, type AlarmStateValue, type PeriodDatapoint, type TreatMissingData } from "../../../local/sim/alarm-evaluation.ts";

type Cell = AlarmStateValue | "retain";
const treatments: TreatMissingData[] = ["missing", "ignore", "breaching", "notBreaching"];
const priorStates: AlarmStateValue[] = ["OK", "ALARM", "INSUFFICIENT_DATA"];

/** Rows as printed: datapoints, then MISSING, IGNORE, BREACHING, NOT BREACHING. */
const firstTable: Array<[string, Cell, Cell, Cell, Cell]> = [
  ["0 - X - X", "OK", "OK", "OK", "OK"],
  ["0 - - - -", "OK", "OK", "OK", "OK"],
  ["- - - - -", "INSUFFICIENT_DATA", "retain", "ALARM", "OK"],
  ["0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM"],
  ["- - X - -", "ALARM", "retain", "ALARM", "OK"],
];
const secondTable: Array<[string, Cell, Cell, Cell, Cell]> = [
  ["0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM"],
  ["0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM"],
  ["0 - X - -", "OK", "OK", "ALARM", "OK"],
  ["- - - - 0", "OK", "OK", "ALARM", "OK"],
  ["- - - X -", "ALARM", "retain", "ALARM", "OK"],
];

const minute = 60_000;
/** `0 - X` (oldest first) → periods newest first, breaching = 10 against `> 5`. */
function range(pattern: string): PeriodDatapoint[] {
  const symbols = pattern.split(" ");
  return symbols
    .map((symbol, i) => ({ t: i * minute, value: symbol === "-" ? undefined : symbol === "X" ? 10 : 0 }))
    .reverse();
}

function cases(table: Array<[string, Cell, Cell, Cell, Cell]>) {
  return table.flatMap(([pattern, ...cells]) =>
    treatments.flatMap((treat, column) => priorStates.map((prior) => [pattern, treat, prior, cells[column] ?? "retain"] as const)),
  );
}

describe.each([
  ["Datapoints to Alarm 3 of Evaluation Periods 3", 3, firstTable],
  ["Datapoints to Alarm 2 of Evaluation Periods 3 (M out of N)", 2, secondTable],
] as const)("the guide's table for %s", (_title, datapointsToAlarm, table) => {
  it.each(cases(table))("%s with %s from %s ends in %s", (pattern, treatMissingData, prior, expected) => {
    const rule = { threshold: 5, comparison: "GreaterThanThreshold", evaluationPeriods: 3, datapointsToAlarm, treatMissingData } as const;
    expect(evaluationRange(3)).toBe(5);
    const result = evaluateAlarm(rule, range(pattern), prior);
    expect(result.state).toBe(expected === "retain" ? prior : expected);
  });
});
