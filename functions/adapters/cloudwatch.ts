// CloudWatch: current alarm states (metric and composite) and metric series for analysis.
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import type { AlarmState, AlarmStateValue } from "../core/model.ts";
import { callAws } from "./errors.ts";
import type { Alarms, MetricQuery } from "./ports.ts";

/** DescribeAlarms accepts at most 100 AlarmNames per call. */
const NAMES_PER_CALL = 100;
/** GetMetricData accepts at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

export function chunk<T>(items: T[], size: number): T[][] {
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

    async metricData(queries: MetricQuery[], start: Date, end: Date) {
      const series: Record<string, { timestamps: Date[]; values: number[] }> = {};
      for (const id of queries.map((q) => q.id)) series[id] = { timestamps: [], values: [] };
      for (const batch of chunk(queries, QUERIES_PER_CALL)) {
        let nextToken: string | undefined;
        do {
          const page = await callAws("CloudWatch GetMetricData", () =>
            cloudwatch.send(
              new GetMetricDataCommand({
                MetricDataQueries: batch.map(toMetricDataQuery),
                StartTime: start,
                EndTime: end,
                ScanBy: "TimestampAscending",
                ...(nextToken ? { NextToken: nextToken } : {}),
              }),
            ),
          );
          for (const result of page.MetricDataResults ?? []) {
            if (!result.Id) continue;
            const target = (series[result.Id] ??= { timestamps: [], values: [] });
            target.timestamps.push(...(result.Timestamps ?? []));
            target.values.push(...(result.Values ?? []));
          }
          nextToken = page.NextToken;
        } while (nextToken);
      }
      return series;
    },
  };
}

function toMetricDataQuery(query: MetricQuery): MetricDataQuery {
  return {
    Id: query.id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: query.periodSeconds,
      Stat: query.stat,
    },
  };
}
