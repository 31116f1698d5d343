import { describe, expect, it } from "vitest";
import { sampleAlarm, sampleAlarmKind } from "../../../local/sandbox/sample-alarms.ts";

const scope = { app: "shop-api", env: "sandbox" };

describe("the sandbox's per-slot alarms", () => {
  it.each([
    ["shop-api-sandbox-b-p99-latency", "latency"],
    ["shop-api-sandbox-b-Latency", "latency"],
    ["shop-api-sandbox-b-error-rate", "errorRate"],
    ["latency-api-prod-b-5xx", "errorRate"],
  ] as const)("%s watches %s", (name, kind) => {
    expect(sampleAlarmKind(name)).toBe(kind);
  });

  it("watches a latency name's p99 TargetResponseTime in seconds, judging the sandbox's small samples", () => {
    expect(sampleAlarm("shop-api-sandbox-b-p99-latency", scope, "b")).toMatchObject({
      MetricName: "TargetResponseTime",
      ExtendedStatistic: "p99",
      EvaluateLowSampleCountPercentile: "evaluate",
      Threshold: 1,
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      Dimensions: [
        { Name: "App", Value: "shop-api" },
        { Name: "Env", Value: "sandbox" },
        { Name: "Slot", Value: "b" },
      ],
    });
  });

  it("watches any other name's average ErrorRate above 5%", () => {
    const alarm = sampleAlarm("shop-api-sandbox-a-error-rate", scope, "a");
    expect(alarm).toMatchObject({ MetricName: "ErrorRate", Statistic: "Average", Threshold: 5, TreatMissingData: "notBreaching" });
    expect(alarm.ExtendedStatistic).toBeUndefined();
  });
});
