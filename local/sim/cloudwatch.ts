// Simulated CloudWatch: metrics, single-metric alarms evaluated every minute of virtual time, SetAlarmState,
// held alarms for drills, and the transition history (for reports, and DescribeAlarmHistory's StateUpdates).
import type {
  DescribeAlarmHistoryCommandInput,
  DescribeAlarmsCommandInput,
  MetricAlarm,
  PutMetricAlarmCommandInput,
  PutMetricDataCommandInput,
  SetAlarmStateCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  evaluateAlarm,
  evaluationRange,
  type AlarmRule,
  type AlarmStateValue,
  type ComparisonOperator,
  type PeriodDatapoint,
  type TreatMissingData,
} from "./alarm-evaluation.ts";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import { awsError, unsupported } from "./errors.ts";
import { describeAlarmHistory } from "./cloudwatch-history.ts";
import { getMetricData } from "./metric-data-query.ts";
import { assertStatistic, lowSampleCount, MetricStore, type Statistic } from "./metric-store.ts";

export interface AlarmTransition {
  t: number;
  alarm: string;
  from: AlarmStateValue;
  to: AlarmStateValue;
  reason: string;
}

interface Alarm {
  config: PutMetricAlarmCommandInput;
  rule: AlarmRule;
  statistic: Statistic;
  state: AlarmStateValue;
  reason: string;
  reasonData?: string;
  updatedAt: number;
  transitionedAt: number;
  configuredAt: number;
  /** Evaluation leaves the alarm alone until then (holdAlarm). */
  heldUntil?: number;
}

const comparisons = new Set(["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"]);
const treatments = new Set(["missing", "notBreaching", "breaching", "ignore"]);
/** High-resolution alarms (Period 10, 20 or 30 s) are evaluated every 10 s; the others every minute. */
const HIGH_RESOLUTION_EVALUATION_MS = 10_000;

export class CloudWatchModel implements ServiceModel {
  readonly metrics = new MetricStore();
  /** Every state change, in order: evaluation, SetAlarmState and holds. */
  readonly transitions: AlarmTransition[] = [];
  private alarms = new Map<string, Alarm>();
  private listeners: Array<(t: AlarmTransition) => void> = [];
  private highResolutionTicking = false;

  constructor(private readonly ctx: SimContext) {
    this.tickEvery(ctx.timings.alarmEvaluationIntervalMs, false);
  }

  /** Evaluations land on interval boundaries (whole minutes by default), like CloudWatch's. */
  private tickEvery(interval: number, highResolution: boolean): void {
    const tick = () => {
      this.evaluateAll(highResolution);
      this.ctx.clock.schedule(interval, tick);
    };
    this.ctx.clock.schedule(interval - (this.ctx.clock.now() % interval), tick);
  }

  /** Called on every transition (e.g. to emit "CloudWatch Alarm State Change" events to the circuit breaker). */
  onTransition(listener: (t: AlarmTransition) => void): void {
    this.listeners.push(listener);
  }

  /** Drill helper: forces `state` now and keeps evaluation away from the alarm for `seconds`. */
  holdAlarm(name: string, state: AlarmStateValue, seconds: number): void {
    const alarm = this.alarm(name);
    alarm.heldUntil = this.ctx.clock.now() + seconds * 1000;
    this.setState(name, alarm, state, `Held in ${state} for ${seconds}s by the simulator's fault injection`);
  }

  /** Current state of an alarm (undefined if it does not exist). */
  stateOf(name: string): AlarmStateValue | undefined {
    return this.alarms.get(name)?.state;
  }

  readonly operations: Record<string, Operation> = {
    PutMetricData: (input: PutMetricDataCommandInput) => {
      if (!input.Namespace) throw awsError("cloudwatch", "MissingRequiredParameterException", "The parameter Namespace is required.");
      for (const datum of input.MetricData ?? []) this.metrics.put(input.Namespace, datum, this.ctx.clock.now());
      return {};
    },
    GetMetricData: (input) => getMetricData(this.metrics, input, this.ctx.timings.metricDataPageSize),
    PutMetricAlarm: (input: PutMetricAlarmCommandInput) => this.putAlarm(input),
    DescribeAlarms: (input: DescribeAlarmsCommandInput) => this.describe(input),
    DescribeAlarmHistory: (input: DescribeAlarmHistoryCommandInput) => describeAlarmHistory(this.transitions, input),
    SetAlarmState: (input: SetAlarmStateCommandInput) => {
      const alarm = this.alarms.get(input.AlarmName ?? "");
      if (!alarm) throw awsError("cloudwatch", "ResourceNotFound", `Alarm ${input.AlarmName} not found`);
      if (!input.StateValue || !input.StateReason) throw awsError("cloudwatch", "MissingRequiredParameterException", "StateValue and StateReason are required.");
      // Held only until the next evaluation, which may put it straight back (as on AWS).
      this.setState(input.AlarmName ?? "", alarm, input.StateValue as AlarmStateValue, input.StateReason, input.StateReasonData);
      return {};
    },
    DeleteAlarms: (input: { AlarmNames?: string[] }) => {
      for (const name of input.AlarmNames ?? []) this.alarms.delete(name);
      return {};
    },
  };

  private alarm(name: string): Alarm {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new Error(`No simulated alarm named ${name}`);
    return alarm;
  }

  private putAlarm(input: PutMetricAlarmCommandInput): Record<string, never> {
    if (input.Metrics?.length) unsupported("cloudwatch:PutMetricAlarm with Metrics (metric-math alarms)");
    const invalid = (message: string) => awsError("cloudwatch", "InvalidParameterValueException", message);
    const name = input.AlarmName;
    if (!name) throw awsError("cloudwatch", "MissingRequiredParameterException", "The parameter AlarmName is required.");
    if (!input.Namespace || !input.MetricName) throw awsError("cloudwatch", "MissingRequiredParameterException", "Namespace and MetricName are required.");
    if (input.Statistic && input.ExtendedStatistic) {
      throw awsError("cloudwatch", "InvalidParameterCombinationException", "Exactly one of Statistic and ExtendedStatistic must be specified.");
    }
    const statistic = input.Statistic ?? input.ExtendedStatistic;
    assertStatistic(statistic);
    const period = input.Period ?? 0;
    // API_PutMetricAlarm: "Valid values are 10, 20, 30, and any multiple of 60."
    if (!(period === 10 || period === 20 || period === 30 || (period >= 60 && period % 60 === 0))) {
      throw invalid(`The parameter Period must be 10, 20, 30 or a multiple of 60 (got ${period}).`);
    }
    const n = input.EvaluationPeriods ?? 0;
    // API_PutMetricAlarm: Period × EvaluationPeriods ≤ one day when Period < 1 hour, else ≤ 7 days.
    const span = period * n;
    if (span > (period < 3600 ? 86_400 : 604_800)) {
      throw invalid(`The evaluation period (Period ${period} × EvaluationPeriods ${n} = ${span} s) exceeds the maximum of ${period < 3600 ? "86400 s (one day)" : "604800 s (7 days)"}.`);
    }
    const lowSample = input.EvaluateLowSampleCountPercentile;
    if (lowSample !== undefined && lowSample !== "evaluate" && lowSample !== "ignore") {
      throw invalid(`EvaluateLowSampleCountPercentile must be evaluate or ignore (got ${lowSample}).`);
    }
    const m = input.DatapointsToAlarm ?? n;
    if (n < 1) throw invalid("The parameter EvaluationPeriods must be at least 1.");
    if (m < 1 || m > n) throw invalid(`DatapointsToAlarm (${m}) must be between 1 and EvaluationPeriods (${n}).`);
    if (input.Threshold === undefined) throw awsError("cloudwatch", "MissingRequiredParameterException", "The parameter Threshold is required.");
    if (!comparisons.has(input.ComparisonOperator ?? "")) throw invalid(`Unsupported ComparisonOperator ${input.ComparisonOperator}.`);
    const treat = input.TreatMissingData ?? "missing";
    if (!treatments.has(treat)) throw invalid(`TreatMissingData must be one of missing, notBreaching, breaching, ignore (got ${treat}).`);
    const rule: AlarmRule = {
      threshold: input.Threshold,
      comparison: input.ComparisonOperator as ComparisonOperator,
      evaluationPeriods: n,
      datapointsToAlarm: m,
      treatMissingData: treat as TreatMissingData,
      ...(lowSample && input.ExtendedStatistic ? { evaluateLowSampleCountPercentile: lowSample } : {}),
    };
    if (period < 60 && !this.highResolutionTicking) {
      this.highResolutionTicking = true;
      this.tickEvery(HIGH_RESOLUTION_EVALUATION_MS, true);
    }
    const now = this.ctx.clock.now();
    const existing = this.alarms.get(name);
    // Updating an alarm replaces its configuration and keeps its state, as PutMetricAlarm does.
    this.alarms.set(name, {
      state: "INSUFFICIENT_DATA",
      reason: "Unchecked: Initial alarm creation",
      updatedAt: now,
      transitionedAt: now,
      ...existing,
      config: structuredClone(input),
      rule,
      statistic,
      configuredAt: now,
    });
    return {};
  }

  private describe(input: DescribeAlarmsCommandInput) {
    if (input.AlarmNames?.length && input.AlarmNamePrefix) {
      throw awsError("cloudwatch", "InvalidParameterCombinationException", "AlarmNames and AlarmNamePrefix cannot be specified together.");
    }
    const maxRecords = input.MaxRecords ?? 50;
    if (maxRecords < 1 || maxRecords > 100) throw awsError("cloudwatch", "InvalidParameterValueException", "MaxRecords must be between 1 and 100.");
    const wantsMetric = !input.AlarmTypes?.length || input.AlarmTypes.includes("MetricAlarm");
    const names = [...this.alarms.keys()].sort().filter((name) => {
      const alarm = this.alarms.get(name);
      if (input.AlarmNames?.length && !input.AlarmNames.includes(name)) return false;
      if (input.AlarmNamePrefix && !name.startsWith(input.AlarmNamePrefix)) return false;
      if (input.StateValue && alarm?.state !== input.StateValue) return false;
      return wantsMetric;
    });
    const offset = input.NextToken ? Number(Buffer.from(input.NextToken, "base64").toString("utf8")) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw awsError("cloudwatch", "InvalidNextToken", "The service returned an invalid NextToken.");
    const page = names.slice(offset, offset + maxRecords);
    return {
      MetricAlarms: page.map((name) => this.view(name)),
      CompositeAlarms: [],
      ...(offset + maxRecords < names.length ? { NextToken: Buffer.from(String(offset + maxRecords)).toString("base64") } : {}),
    };
  }

  private view(name: string): MetricAlarm {
    const a = this.alarm(name);
    const c = a.config;
    return {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}`,
      AlarmDescription: c.AlarmDescription,
      ActionsEnabled: c.ActionsEnabled ?? true,
      OKActions: c.OKActions ?? [],
      AlarmActions: c.AlarmActions ?? [],
      InsufficientDataActions: c.InsufficientDataActions ?? [],
      StateValue: a.state,
      StateReason: a.reason,
      ...(a.reasonData ? { StateReasonData: a.reasonData } : {}),
      StateUpdatedTimestamp: new Date(a.updatedAt),
      StateTransitionedTimestamp: new Date(a.transitionedAt),
      AlarmConfigurationUpdatedTimestamp: new Date(a.configuredAt),
      MetricName: c.MetricName,
      Namespace: c.Namespace,
      ...(c.Statistic ? { Statistic: c.Statistic } : { ExtendedStatistic: c.ExtendedStatistic }),
      ...(c.EvaluateLowSampleCountPercentile ? { EvaluateLowSampleCountPercentile: c.EvaluateLowSampleCountPercentile } : {}),
      Dimensions: c.Dimensions ?? [],
      Period: c.Period,
      EvaluationPeriods: a.rule.evaluationPeriods,
      DatapointsToAlarm: a.rule.datapointsToAlarm,
      Threshold: a.rule.threshold,
      ComparisonOperator: a.rule.comparison,
      TreatMissingData: a.rule.treatMissingData,
      ...(c.Unit ? { Unit: c.Unit } : {}),
    };
  }

  private evaluateAll(highResolution: boolean): void {
    const now = this.ctx.clock.now();
    for (const [name, alarm] of this.alarms) {
      const period = alarm.config.Period ?? 60;
      if ((period < 60) !== highResolution) continue;
      if (alarm.heldUntil !== undefined && now < alarm.heldUntil) continue;
      alarm.heldUntil = undefined;
      const periodMs = period * 1000;
      const lastEnd = Math.floor(now / periodMs) * periodMs;
      const firstStart = lastEnd - evaluationRange(alarm.rule.evaluationPeriods) * periodMs;
      const aggregated = new Map(this.metrics.aggregate(alarm.config, alarm.statistic, period, firstStart, lastEnd).map((p) => [p.t, p]));
      const points: PeriodDatapoint[] = [];
      for (let t = lastEnd - periodMs; t >= firstStart; t -= periodMs) {
        const p = aggregated.get(t);
        points.push({ t, value: p?.value, ...(p && lowSampleCount(alarm.statistic, p.sampleCount) ? { lowSampleCount: true } : {}) });
      }
      const result = evaluateAlarm(alarm.rule, points, alarm.state);
      if (result.reason === undefined) continue;
      const reasonData = JSON.stringify({
        version: "1.0",
        queryDate: new Date(now).toISOString(),
        startDate: new Date(firstStart).toISOString(),
        statistic: alarm.statistic,
        period: alarm.config.Period,
        recentDatapoints: points.filter((p) => p.value !== undefined).map((p) => p.value).reverse(),
        threshold: alarm.rule.threshold,
        evaluatedDatapoints: points.filter((p) => p.value !== undefined).map((p) => ({ timestamp: new Date(p.t).toISOString(), value: p.value })),
      });
      if (result.state !== alarm.state) this.setState(name, alarm, result.state, result.reason, reasonData);
    }
  }

  private setState(name: string, alarm: Alarm, to: AlarmStateValue, reason: string, reasonData?: string): void {
    const from = alarm.state;
    const now = this.ctx.clock.now();
    alarm.state = to;
    alarm.reason = reason;
    alarm.reasonData = reasonData;
    alarm.updatedAt = now;
    if (from === to) return;
    alarm.transitionedAt = now;
    const transition = { t: now, alarm: name, from, to, reason };
    this.transitions.push(transition);
    for (const listener of this.listeners) listener(transition);
  }
}
