// CloudWatch: current alarm states (metric and composite alarms).
import { DescribeAlarmsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { AlarmState, AlarmStateValue } from "../core/model.ts";
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
            states.push({
              name: alarm.AlarmName,
              state: alarm.StateValue as AlarmStateValue,
              ...(alarm.StateReason ? { reason: alarm.StateReason } : {}),
              ...(alarm.StateUpdatedTimestamp ? { updatedAt: alarm.StateUpdatedTimestamp.toISOString() } : {}),
            });
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return states;
    },
  };
}
