// The CloudWatch alarms the sandbox creates for a config's per-slot alarm names, on the sample service's metrics:
// an error-rate alarm, or — for a name ending in "latency" — a p99 answer-time alarm, as an operator would set
// on an ALB's TargetResponseTime, so a release that answers slowly without failing is caught too.
import type { PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import type { SlotName } from "../../functions/core/config.ts";
import { RESPONSE_TIME_METRIC, SAMPLE_NAMESPACE } from "../traffic/metrics.ts";

/** Per-slot error-rate alarms: ALARM when 2 of the last 3 minutes saw more than 5% errors. */
export const ERROR_RATE_ALARM = { threshold: 5, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 } as const;

/** Per-slot latency alarms: ALARM when 2 of the last 3 minutes had a p99 answer time above 1 second. */
const LATENCY_ALARM = { thresholdSeconds: 1, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 } as const;

export type SampleAlarmKind = "errorRate" | "latency";

/**
 * Which alarm a per-slot name gets: one ending in "latency" watches answer time, any other error rate. The end of
 * the name, not any part of it, so an app called `latency-api` still gets an error-rate alarm for `…-{slot}-5xx`.
 * Example: `sampleAlarmKind("shop-api-prod-b-p99-latency")` → "latency"; `sampleAlarmKind("shop-api-prod-b-5xx")` → "errorRate".
 */
export const sampleAlarmKind = (name: string): SampleAlarmKind => (/latency$/i.test(name) ? "latency" : "errorRate");

/**
 * The PutMetricAlarm input for one slot's alarm named `alarmName`.
 * Example: `sampleAlarm("shop-api-sandbox-b-p99-latency", { app: "shop-api", env: "sandbox" }, "b")` → ExtendedStatistic
 * p99 of TargetResponseTime for App=shop-api, Env=sandbox, Slot=b, above 1 (second) in 2 of 3 minutes.
 */
export function sampleAlarm(alarmName: string, { app, env }: { app: string; env: string }, slot: SlotName): PutMetricAlarmCommandInput {
  const common: PutMetricAlarmCommandInput = {
    AlarmName: alarmName,
    Namespace: SAMPLE_NAMESPACE,
    Dimensions: [
      { Name: "App", Value: app },
      { Name: "Env", Value: env },
      { Name: "Slot", Value: slot },
    ],
    ComparisonOperator: "GreaterThanThreshold",
    // A slot without traffic is neither failing nor slow: the idle slot has no data between deployments.
    TreatMissingData: "notBreaching",
  };
  if (sampleAlarmKind(alarmName) === "errorRate") {
    return {
      ...common,
      AlarmDescription: `Error rate of ${app}/${env} slot ${slot} above ${ERROR_RATE_ALARM.threshold}%`,
      MetricName: "ErrorRate",
      Statistic: "Average",
      Period: ERROR_RATE_ALARM.periodSeconds,
      EvaluationPeriods: ERROR_RATE_ALARM.evaluationPeriods,
      DatapointsToAlarm: ERROR_RATE_ALARM.datapointsToAlarm,
      Threshold: ERROR_RATE_ALARM.threshold,
    };
  }
  return {
    ...common,
    AlarmDescription: `p99 answer time of ${app}/${env} slot ${slot} above ${LATENCY_ALARM.thresholdSeconds} s`,
    MetricName: RESPONSE_TIME_METRIC,
    ExtendedStatistic: "p99",
    // The sandbox sends a few hundred requests a minute, fewer than the 1,000 AWS deems significant for a p99;
    // `evaluate` (AWS's default) judges those periods anyway, where `ignore` would leave the alarm unchanged.
    EvaluateLowSampleCountPercentile: "evaluate",
    Period: LATENCY_ALARM.periodSeconds,
    EvaluationPeriods: LATENCY_ALARM.evaluationPeriods,
    DatapointsToAlarm: LATENCY_ALARM.datapointsToAlarm,
    Threshold: LATENCY_ALARM.thresholdSeconds,
  };
}
