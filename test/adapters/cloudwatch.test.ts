import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
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

  it("gives each metric alarm the metric time one evaluation covers: period × evaluation periods, metric math by its longest query", async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: "errors-b", StateValue: "OK", Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2 },
        { AlarmName: "ratio-b", StateValue: "OK", EvaluationPeriods: 2, Metrics: [{ Id: "e", MetricStat: { Metric: { MetricName: "Errors" }, Period: 300, Stat: "Sum" } }, { Id: "r", Expression: "e / 2", Period: 60 }] },
      ],
      CompositeAlarms: [{ AlarmName: "health-b", StateValue: "OK" }],
    });
    expect((await alarms.states(["errors-b", "ratio-b", "health-b"])).map(({ name, windowSeconds }) => ({ name, windowSeconds }))).toEqual([
      { name: "errors-b", windowSeconds: 180 },
      { name: "ratio-b", windowSeconds: 600 },
      { name: "health-b", windowSeconds: undefined },
    ]);
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

  it("reads each alarm's StateUpdates over a window, oldest first, following NextToken", async () => {
    const item = (at: string, from: string, to: string, reason: string) => ({
      Timestamp: new Date(at),
      HistoryItemType: "StateUpdate" as const,
      HistoryData: JSON.stringify({ version: "1.0", oldState: { stateValue: from }, newState: { stateValue: to, stateReason: reason } }),
    });
    cloudwatch
      .on(DescribeAlarmHistoryCommand, { AlarmName: "errors-b" })
      .resolvesOnce({ AlarmHistoryItems: [item("2026-01-01T12:03:00Z", "OK", "ALARM", "3 > 1")], NextToken: "p2" })
      .resolvesOnce({ AlarmHistoryItems: [item("2026-01-01T12:04:00Z", "ALARM", "OK", "0 < 1"), { Timestamp: new Date(), HistoryData: "not json" }] });
    cloudwatch.on(DescribeAlarmHistoryCommand, { AlarmName: "latency-b" }).resolves({ AlarmHistoryItems: [item("2026-01-01T12:01:00Z", "INSUFFICIENT_DATA", "OK", "fine")] });
    const from = Date.parse("2026-01-01T12:00:00Z");
    const to = Date.parse("2026-01-01T12:10:00Z");

    expect(await alarms.history(["errors-b", "latency-b"], from, to)).toEqual([
      { alarm: "latency-b", at: Date.parse("2026-01-01T12:01:00Z"), from: "INSUFFICIENT_DATA", to: "OK", reason: "fine" },
      { alarm: "errors-b", at: Date.parse("2026-01-01T12:03:00Z"), from: "OK", to: "ALARM", reason: "3 > 1" },
      { alarm: "errors-b", at: Date.parse("2026-01-01T12:04:00Z"), from: "ALARM", to: "OK", reason: "0 < 1" },
    ]);
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)[0]?.args[0].input).toMatchObject({
      AlarmName: "errors-b",
      HistoryItemType: "StateUpdate",
      StartDate: new Date(from),
      EndDate: new Date(to),
      ScanBy: "TimestampAscending",
    });
    expect(cloudwatch.commandCalls(DescribeAlarmHistoryCommand)[1]?.args[0].input.NextToken).toBe("p2");
  });
});
