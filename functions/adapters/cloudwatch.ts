// CloudWatch: current alarm states (metric and composite alarms) and their state changes over a window.
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { AlarmState, AlarmStateChange, AlarmStateValue } from "../core/model.ts";
import { callAws } from "./errors.ts";
import type { Alarms } from "./ports.ts";

/** DescribeAlarms accepts at most 100 AlarmNames per call. */
const NAMES_PER_CALL = 100;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function makeCloudWatchAlarms(cloudwatch: CloudWatchClient): Alarms {
  return {
    async states(names: string[]): Promise<AlarmState[]> {
      const unique = [...new Set(names)];
      const states: AlarmState[] = [];
      for (const batch of chunk(unique, NAMES_PER_CALL)) {
        let nextToken: string | undefined;
        do {
          const page = await callAws("CloudWatch DescribeAlarms", () =>
            cloudwatch.send(
              new DescribeAlarmsCommand({
                AlarmNames: batch,
                AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
                ...(nextToken ? { NextToken: nextToken } : {}),
              }),
            ),
          );
          for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])]) {
            if (!alarm.AlarmName || !alarm.StateValue) continue;
            const windowSeconds = "EvaluationPeriods" in alarm ? windowOf(alarm) : undefined;
            states.push({
              name: alarm.AlarmName,
              state: alarm.StateValue as AlarmStateValue,
              ...(alarm.StateReason ? { reason: alarm.StateReason } : {}),
              ...(alarm.StateUpdatedTimestamp ? { updatedAt: alarm.StateUpdatedTimestamp.toISOString() } : {}),
              ...(windowSeconds ? { windowSeconds } : {}),
            });
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return states;
    },

    async history(names: string[], from: number, to: number): Promise<AlarmStateChange[]> {
      const changes: AlarmStateChange[] = [];
      // One alarm per call: DescribeAlarmHistory takes a single AlarmName.
      for (const name of new Set(names)) {
        let nextToken: string | undefined;
        do {
          const page = await callAws(`CloudWatch DescribeAlarmHistory ${name}`, () =>
            cloudwatch.send(
              new DescribeAlarmHistoryCommand({
                AlarmName: name,
                AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
                HistoryItemType: "StateUpdate",
                StartDate: new Date(from),
                EndDate: new Date(to),
                ScanBy: "TimestampAscending",
                MaxRecords: HISTORY_PAGE_SIZE,
                ...(nextToken ? { NextToken: nextToken } : {}),
              }),
            ),
          );
          for (const item of page.AlarmHistoryItems ?? []) {
            const change = stateChangeOf(name, item.Timestamp, item.HistoryData);
            if (change) changes.push(change);
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return changes.sort((x, y) => x.at - y.at);
    },
  };
}

/** DescribeAlarmHistory's MaxRecords is 1–100. */
/**
 * The metric time one evaluation of `alarm` covers: Period × EvaluationPeriods, the period being the alarm's own
 * or, for metric math, its longest query's. Example: 60 s × 3 → 180.
 */
function windowOf(alarm: MetricAlarm): number | undefined {
  const periods = [alarm.Period, ...(alarm.Metrics ?? []).map((query) => query.MetricStat?.Period ?? query.Period)].filter((period): period is number => typeof period === "number");
  if (periods.length === 0 || !alarm.EvaluationPeriods) return undefined;
  return Math.max(...periods) * alarm.EvaluationPeriods;
}

const HISTORY_PAGE_SIZE = 100;

/**
 * A StateUpdate's HistoryData is JSON with `oldState` / `newState` ({stateValue, stateReason, …}); an item
 * whose data does not parse is skipped rather than failing the judge on a format detail.
 */
function stateChangeOf(alarm: string, timestamp: Date | undefined, data: string | undefined): AlarmStateChange | null {
  if (!timestamp || !data) return null;
  try {
    const parsed = JSON.parse(data) as { oldState?: { stateValue?: string }; newState?: { stateValue?: string; stateReason?: string } };
    const from = parsed.oldState?.stateValue;
    const to = parsed.newState?.stateValue;
    if (!from || !to) return null;
    return { alarm, at: timestamp.getTime(), from: from as AlarmStateValue, to: to as AlarmStateValue, reason: parsed.newState?.stateReason ?? "" };
  } catch {
    return null;
  }
}
