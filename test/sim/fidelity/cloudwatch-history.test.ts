// DescribeAlarmHistory in the simulator, read through the real SDK client and the production adapter.
import { DescribeAlarmHistoryCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { makeCloudWatchAlarms } from "../../../functions/adapters/cloudwatch.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

const minute = 60_000;

async function anAlarmThatFlapped() {
  const box = aSandbox();
  const cw = box.clients.cloudwatch;
  const start = box.clock.now();
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: "shop-prod-b-errors",
      Namespace: "Glidepath/Sample",
      MetricName: "Errors",
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    }),
  );
  const set = (value: "OK" | "ALARM", reason: string) => cw.send(new SetAlarmStateCommand({ AlarmName: "shop-prod-b-errors", StateValue: value, StateReason: reason }));
  box.clock.advance(10_000);
  await set("ALARM", "drill: 9 > 5");
  box.clock.advance(10_000);
  await set("OK", "drill over");
  return { box, cw, start };
}

describe("simulated DescribeAlarmHistory", () => {
  it("answers StateUpdate items with CloudWatch's summary and HistoryData (oldState / newState), newest first by default", async () => {
    const { cw } = await anAlarmThatFlapped();
    const { AlarmHistoryItems: items = [] } = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "shop-prod-b-errors", HistoryItemType: "StateUpdate" }));
    expect(items.map((item) => item.HistorySummary)).toEqual(["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"]);
    expect(JSON.parse(items[1]!.HistoryData!)).toMatchObject({ oldState: { stateValue: "INSUFFICIENT_DATA" }, newState: { stateValue: "ALARM", stateReason: "drill: 9 > 5" } });
    expect(items[0]).toMatchObject({ AlarmName: "shop-prod-b-errors", AlarmType: "MetricAlarm", HistoryItemType: "StateUpdate" });
  });

  it("keeps to the window, pages by MaxRecords and refuses a MaxRecords over 100", async () => {
    const { cw, start } = await anAlarmThatFlapped();
    const window = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "shop-prod-b-errors", StartDate: new Date(start + 15_000), EndDate: new Date(start + minute) }));
    expect(window.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual(["Alarm updated from ALARM to OK"]);
    const first = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "shop-prod-b-errors", MaxRecords: 1, ScanBy: "TimestampAscending" }));
    expect(first.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual(["Alarm updated from INSUFFICIENT_DATA to ALARM"]);
    const second = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "shop-prod-b-errors", MaxRecords: 1, ScanBy: "TimestampAscending", NextToken: first.NextToken }));
    expect(second.AlarmHistoryItems?.map((item) => item.HistorySummary)).toEqual(["Alarm updated from ALARM to OK"]);
    expect(second.NextToken).toBeUndefined();
    // The model's range (1–100) is checked first, as AWS validates input before the operation runs.
    const refused = await rejectionOf(cw.send(new DescribeAlarmHistoryCommand({ MaxRecords: 101 })));
    expect(refused.message).toMatch(/1 validation error detected: Value '101' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100/);
  });

  it("is what the judge's adapter reads: each change with its time and reason", async () => {
    const { cw, start } = await anAlarmThatFlapped();
    const changes = await makeCloudWatchAlarms(cw).history(["shop-prod-b-errors"], start, start + minute);
    expect(changes).toEqual([
      { alarm: "shop-prod-b-errors", at: start + 10_000, from: "INSUFFICIENT_DATA", to: "ALARM", reason: "drill: 9 > 5" },
      { alarm: "shop-prod-b-errors", at: start + 20_000, from: "ALARM", to: "OK", reason: "drill over" },
    ]);
  });
});
