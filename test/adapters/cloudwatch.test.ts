import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
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
});
