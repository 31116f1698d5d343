import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterCombinationException,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

const minute = 60_000;
const metric = { Namespace: "Glidepath/Sample", MetricName: "Errors", Dimensions: [{ Name: "Slot", Value: "b" }] };

function cloudwatch(timings = {}) {
  const box = aSandbox({ timings });
  const start = box.clock.now();
  const cw = box.clients.cloudwatch;
  const putAlarm = (overrides: Partial<PutMetricAlarmCommandInput> = {}) =>
    cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "shop-prod-b-errors",
        ...metric,
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: 5,
        ComparisonOperator: "GreaterThanThreshold",
        ...overrides,
      }),
    );
  /** Puts one value per minute from the start (undefined leaves the minute empty). */
  const putMinutes = (values: Array<number | undefined>) =>
    cw.send(
      new PutMetricDataCommand({
        Namespace: metric.Namespace,
        MetricData: values.flatMap((v, i) =>
          v === undefined ? [] : [{ MetricName: metric.MetricName, Dimensions: metric.Dimensions, Timestamp: new Date(start + i * minute + 1000), Value: v }],
        ),
      }),
    );
  const alarm = async (name = "shop-prod-b-errors") => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
  return { ...box, start, cw, putAlarm, putMinutes, alarm };
}

describe("CloudWatch alarms", () => {
  it("start in INSUFFICIENT_DATA", async () => {
    const { putAlarm, alarm } = cloudwatch();
    await putAlarm();
    expect(await alarm()).toMatchObject({ StateValue: "INSUFFICIENT_DATA", StateReason: "Unchecked: Initial alarm creation" });
  });

  it.each([
    ["missing", [25, 30, 1], "ALARM"],
    ["missing", [1, 30, 1], "OK"],
    ["missing", [30, 30, undefined], "ALARM"],
    // The guide's premature-alarm row `- - - X -` (2 of 3): ALARM even though only one datapoint arrived.
    ["missing", [undefined, 30, undefined], "ALARM"],
    ["missing", [1, 30, undefined], "OK"],
    ["missing", [undefined, undefined, undefined], "INSUFFICIENT_DATA"],
    ["notBreaching", [undefined, undefined, undefined], "OK"],
    ["notBreaching", [undefined, 30, undefined], "OK"],
    ["breaching", [undefined, undefined, undefined], "ALARM"],
    ["breaching", [undefined, 30, undefined], "ALARM"],
    ["breaching", [1, 1, undefined], "OK"],
    ["ignore", [undefined, undefined, undefined], "INSUFFICIENT_DATA"],
    ["ignore", [30, undefined, 30], "ALARM"],
  ] as Array<[string, Array<number | undefined>, string]>)(
    "with TreatMissingData %s, minutes %j against > 5 (2 of 3) end in %s",
    async (treat, values, expected) => {
      const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
      await putAlarm({ TreatMissingData: treat });
      await putMinutes(values);
      clock.advance(3 * minute);
      expect((await alarm())?.StateValue).toBe(expected);
    },
  );

  it("keeps the current state under ignore when the data stops", async () => {
    const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
    await putAlarm({ TreatMissingData: "ignore", EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await putMinutes([30]);
    clock.advance(minute);
    expect((await alarm())?.StateValue).toBe("ALARM");
    clock.advance(10 * minute);
    expect((await alarm())?.StateValue).toBe("ALARM");
  });

  it("explains a transition the way CloudWatch does", async () => {
    const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
    await putAlarm();
    await putMinutes([30, 1, 25]);
    clock.advance(3 * minute);
    expect((await alarm())?.StateReason).toBe(
      "Threshold Crossed: 2 out of the last 3 datapoints [25.0 (01/01/26 12:02:00), 30.0 (01/01/26 12:00:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).",
    );
  });

  it("asks for N − M + 1 good datapoints in its ALARM -> OK reason, as AWS does", async () => {
    const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
    await putAlarm();
    await putMinutes([30, 30, 30, 1, 1]);
    clock.advance(5 * minute);
    expect((await alarm())?.StateReason).toBe(
      "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (01/01/26 12:04:00), 1.0 (01/01/26 12:03:00)] were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition).",
    );
  });

  it.each([
    [
      "OK",
      [1, undefined, undefined],
      3,
      "Threshold Crossed: 1 datapoint [1.0 (01/01/26 12:00:00)] was not greater than the threshold (5.0) and 2 missing datapoints were treated as [Breaching].",
    ],
    ["ALARM", [1, undefined, undefined], 2, "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching]."],
    ["ALARM", [undefined, undefined, undefined], 2, "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching]."],
  ] as Array<[string, Array<number | undefined>, number, string]>)(
    "words a %s reached with missing data treated as breaching the way AWS does (%j, %i of 3)",
    async (state, values, datapointsToAlarm, reason) => {
      const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
      await putAlarm({ TreatMissingData: "breaching", DatapointsToAlarm: datapointsToAlarm });
      await putMinutes(values);
      clock.advance(3 * minute);
      expect(await alarm()).toMatchObject({ StateValue: state, StateReason: reason });
    },
  );

  it("looks back past the last N periods for real datapoints (evaluation range N + 2)", async () => {
    const { putAlarm, putMinutes, alarm, clock } = cloudwatch();
    await putAlarm({ EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: "notBreaching" });
    // Oldest → newest: 30 30 - 30 -; the newest three real datapoints all breach, so the gaps are not filled.
    await putMinutes([30, 30, undefined, 30, undefined]);
    clock.advance(5 * minute);
    expect((await alarm())?.StateValue).toBe("ALARM");
  });

  it("accepts a high-resolution Period of 20 s and evaluates it every 10 s", async () => {
    const { putAlarm, cw, alarm, clock, start } = cloudwatch();
    await putAlarm({ Period: 20, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await cw.send(new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: [{ ...metric, Timestamp: new Date(start + 1000), Value: 30 }] }));
    clock.advance(20_000);
    expect((await alarm())?.StateValue).toBe("ALARM");
  });

  it.each([
    [45, 1, "The parameter Period must be 10, 20, 30 or a multiple of 60 (got 45)."],
    [60, 1441, "exceeds the maximum of 86400 s (one day)"],
    [3600, 169, "exceeds the maximum of 604800 s (7 days)"],
  ])("refuses Period %i with EvaluationPeriods %i as AWS does", async (period, n, message) => {
    const { putAlarm } = cloudwatch();
    const error = await rejectionOf(putAlarm({ Period: period, EvaluationPeriods: n, DatapointsToAlarm: 1 }));
    expect(error.name).toBe("InvalidParameterValueException");
    expect(error.message).toContain(message);
  });

  it.each([
    ["ignore", "INSUFFICIENT_DATA"],
    ["evaluate", "ALARM"],
  ])("with EvaluateLowSampleCountPercentile %s, a p90 alarm over 5 samples (fewer than 100) ends in %s", async (setting, expected) => {
    const { putAlarm, cw, alarm, clock, start } = cloudwatch();
    await putAlarm({ Statistic: undefined, ExtendedStatistic: "p90", EvaluateLowSampleCountPercentile: setting, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await cw.send(new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: [{ ...metric, Timestamp: new Date(start + 1000), Values: [1, 2, 3, 4, 50] }] }));
    clock.advance(minute);
    expect((await alarm())?.StateValue).toBe(expected);
  });

  it.each([
    [[98, 2], "ALARM"],
    [[99, 1], "OK"],
  ])("weights a p99 by Counts: answers of 4 ms and 3 s counted %j end a 1 s alarm in %s", async (counts, expected) => {
    const { putAlarm, cw, alarm, clock, start } = cloudwatch();
    await putAlarm({ Statistic: undefined, ExtendedStatistic: "p99", EvaluateLowSampleCountPercentile: "evaluate", Threshold: 1, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await cw.send(new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: [{ ...metric, Timestamp: new Date(start + 1000), Values: [0.004, 3], Counts: counts }] }));
    clock.advance(minute);
    expect((await alarm())?.StateValue).toBe(expected);
  });

  it("evaluates only on whole minutes of virtual time", async () => {
    const { putAlarm, alarm, clock } = cloudwatch();
    await putAlarm({ TreatMissingData: "breaching" });
    clock.advance(59_999);
    expect((await alarm())?.StateValue).toBe("INSUFFICIENT_DATA");
    clock.advance(1);
    expect((await alarm())?.StateValue).toBe("ALARM");
  });

  it("holds a SetAlarmState until the next evaluation, and records each transition", async () => {
    const { putAlarm, alarm, clock, cw, sim, start } = cloudwatch();
    await putAlarm({ TreatMissingData: "notBreaching" });
    clock.advance(minute + 10_000);
    await cw.send(new SetAlarmStateCommand({ AlarmName: "shop-prod-b-errors", StateValue: "ALARM", StateReason: "drill" }));
    expect((await alarm())?.StateValue).toBe("ALARM");
    clock.advance(50_000);
    expect((await alarm())?.StateValue).toBe("OK");
    expect(sim.cloudwatch.transitions.map((t) => [t.t - start, t.from, t.to])).toEqual([
      [60_000, "INSUFFICIENT_DATA", "OK"],
      [70_000, "OK", "ALARM"],
      [120_000, "ALARM", "OK"],
    ]);
  });

  it("keeps an alarm held by fault injection for the whole hold", async () => {
    const { putAlarm, alarm, clock, sim } = cloudwatch();
    await putAlarm({ TreatMissingData: "notBreaching" });
    sim.cloudwatch.holdAlarm("shop-prod-b-errors", "ALARM", 300);
    clock.advance(299_000);
    expect((await alarm())?.StateValue).toBe("ALARM");
    clock.advance(61_000);
    expect((await alarm())?.StateValue).toBe("OK");
  });

  it("refuses AlarmNames together with AlarmNamePrefix", async () => {
    const { cw } = cloudwatch();
    const error = await rejectionOf(cw.send(new DescribeAlarmsCommand({ AlarmNames: ["a"], AlarmNamePrefix: "a" })));
    expect(error).toBeInstanceOf(InvalidParameterCombinationException);
  });

  it("pages DescribeAlarms with MaxRecords and NextToken", async () => {
    const { putAlarm, cw } = cloudwatch();
    for (const n of [1, 2, 3, 4, 5]) await putAlarm({ AlarmName: `shop-${n}` });
    await putAlarm({ AlarmName: "other" });
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "shop-", MaxRecords: 2, NextToken: token }));
      names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName ?? ""));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(["shop-1", "shop-2", "shop-3", "shop-4", "shop-5"]);
  });

  it("refuses metric-math alarms loudly", async () => {
    const { putAlarm } = cloudwatch();
    const error = await rejectionOf(putAlarm({ Metrics: [{ Id: "e1", Expression: "m1/m2" }] }));
    expect(error.message).toMatch(/Simulator does not support cloudwatch:PutMetricAlarm with Metrics/);
  });
});

describe("CloudWatch metric data", () => {
  it.each([
    ["Sum", 16],
    ["Average", 4],
    ["Maximum", 10],
    ["Minimum", 1],
    ["SampleCount", 4],
  ])("computes %s over a period", async (stat, expected) => {
    const { cw, start } = cloudwatch();
    await cw.send(new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: [{ ...metric, Timestamp: new Date(start), Values: [1, 2, 3, 10] }] }));
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(start + minute),
        MetricDataQueries: [{ Id: "m", MetricStat: { Metric: metric, Period: 60, Stat: stat } }],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([expected]);
  });

  it("pages a long series and every page carries the query", async () => {
    const { cw, start } = cloudwatch({ metricDataPageSize: 100 });
    const data = Array.from({ length: 250 }, (_, i) => ({ ...metric, Timestamp: new Date(start + i * minute), Value: i }));
    await cw.send(new PutMetricDataCommand({ Namespace: metric.Namespace, MetricData: data }));
    const values: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(start),
          EndTime: new Date(start + 250 * minute),
          ScanBy: "TimestampAscending",
          NextToken: token,
          MetricDataQueries: [{ Id: "m", MetricStat: { Metric: metric, Period: 60, Stat: "Sum" } }],
        }),
      );
      values.push(...(out.MetricDataResults?.[0]?.Values ?? []));
      token = out.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(values).toEqual(data.map((d) => d.Value));
  });
});
