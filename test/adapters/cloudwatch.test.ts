import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeCloudWatchAlarms } from "../../functions/adapters/cloudwatch.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const cloudwatch = mockClient(CloudWatchClient);
const alarms = makeCloudWatchAlarms(cloudwatch as unknown as CloudWatchClient);
const updated = new Date("2026-01-01T12:00:00.000Z");

beforeEach(() => cloudwatch.reset());

describe("CloudWatch alarms", () => {
  it("maps metric and composite alarms to their states", async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [{ AlarmName: "errors-b", StateValue: "ALARM", StateReason: "Threshold Crossed", StateUpdatedTimestamp: updated }],
      CompositeAlarms: [{ AlarmName: "health-b", StateValue: "OK", StateUpdatedTimestamp: updated }],
    });
    expect(await alarms.states(["errors-b", "health-b"])).toEqual([
      { name: "errors-b", state: "ALARM", reason: "Threshold Crossed", updatedAt: "2026-01-01T12:00:00.000Z" },
      { name: "health-b", state: "OK", updatedAt: "2026-01-01T12:00:00.000Z" },
    ]);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toEqual({
      AlarmNames: ["errors-b", "health-b"],
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
    });
  });

  it("asks for at most 100 names per call and follows NextToken", async () => {
    const names = Array.from({ length: 150 }, (_, i) => `alarm-${i}`);
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: "alarm-0", StateValue: "OK" }], NextToken: "t1" })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: "alarm-1", StateValue: "OK" }] })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: "alarm-120", StateValue: "INSUFFICIENT_DATA" }] });
    const states = await alarms.states(names);
    expect(states.map((s) => s.name)).toEqual(["alarm-0", "alarm-1", "alarm-120"]);
    const inputs = cloudwatch.commandCalls(DescribeAlarmsCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.AlarmNames?.length)).toEqual([100, 100, 50]);
    expect(inputs.map((input) => input.NextToken)).toEqual([undefined, "t1", undefined]);
  });

  it("makes no call for no names", async () => {
    expect(await alarms.states([])).toEqual([]);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });

  it("maps throttling to ThrottledError", async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(awsError("Throttling", "Rate exceeded"));
    await expect(alarms.states(["x"])).rejects.toBeInstanceOf(ThrottledError);
  });

  it("fetches metric series across pages, keyed by query id", async () => {
    const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 12, m));
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: "errors", Timestamps: [t(0)], Values: [1] }], NextToken: "p2" })
      .resolvesOnce({ MetricDataResults: [{ Id: "errors", Timestamps: [t(1)], Values: [3] }] });
    const start = t(0);
    const end = t(5);
    const series = await alarms.metricData(
      [
        { id: "errors", namespace: "Glidepath", metricName: "Errors", dimensions: { Slot: "b" }, stat: "Sum", periodSeconds: 60 },
        { id: "latency", namespace: "Glidepath", metricName: "Latency", dimensions: {}, stat: "p99", periodSeconds: 60 },
      ],
      start,
      end,
    );
    expect(series).toEqual({ errors: { timestamps: [t(0), t(1)], values: [1, 3] }, latency: { timestamps: [], values: [] } });
    const calls = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(calls[0]?.args[0].input).toEqual({
      MetricDataQueries: [
        { Id: "errors", ReturnData: true, MetricStat: { Metric: { Namespace: "Glidepath", MetricName: "Errors", Dimensions: [{ Name: "Slot", Value: "b" }] }, Period: 60, Stat: "Sum" } },
        { Id: "latency", ReturnData: true, MetricStat: { Metric: { Namespace: "Glidepath", MetricName: "Latency", Dimensions: [] }, Period: 60, Stat: "p99" } },
      ],
      StartTime: start,
      EndTime: end,
      ScanBy: "TimestampAscending",
    });
    expect(calls[1]?.args[0].input.NextToken).toBe("p2");
  });
});
