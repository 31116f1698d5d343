// Turns traffic samples into the CloudWatch datapoints the configured alarms evaluate, stamped with
// VIRTUAL time so the simulated alarm windows line up with the virtual clock.
import type { MetricDatum, PutMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import type { TrafficSample } from "./slot-buckets.ts";

export const SAMPLE_NAMESPACE = "Glidepath/Sample";

/** The historical PutMetricData limit; every endpoint (and the simulator) accepts batches this size. */
const DATUMS_PER_REQUEST = 20;
/** PutMetricData's limit on distinct values in one datum's Values array. */
const VALUES_PER_DATUM = 150;

/** The answer-time metric, named and measured (seconds) as an Application Load Balancer publishes it. */
export const RESPONSE_TIME_METRIC = "TargetResponseTime";

export interface MetricScope {
  app: string;
  env: string;
}

/**
 * One datum per metric per sample, dimensioned by App, Env and Slot, batched into PutMetricData inputs.
 * Example: `{ t, slot: "b", requests: 40, errors: 2, latencyP99Ms: 12 }` for shop/prod →
 * Requests 40 (Count), Errors5xx 2 (Count), ErrorRate 5 (Percent), LatencyP99 12 (Milliseconds),
 * each with dimensions App=shop, Env=prod, Slot=b and Timestamp = new Date(t); and the answers' latencies as
 * TargetResponseTime (Seconds) Values/Counts, e.g. `{ valuesMs: [4, 12], counts: [39, 1] }` → Values [0.004, 0.012],
 * Counts [39, 1], so an alarm's p99 is computed over every answer in its period, not from per-bucket p99s.
 */
export function toMetricData(samples: readonly TrafficSample[], { app, env }: MetricScope): PutMetricDataCommandInput[] {
  const datums = samples.flatMap((sample) => datumsFor(sample, app, env));
  const inputs: PutMetricDataCommandInput[] = [];
  for (let start = 0; start < datums.length; start += DATUMS_PER_REQUEST) {
    inputs.push({ Namespace: SAMPLE_NAMESPACE, MetricData: datums.slice(start, start + DATUMS_PER_REQUEST) });
  }
  return inputs;
}

function datumsFor(sample: TrafficSample, app: string, env: string): MetricDatum[] {
  if (sample.requests <= 0) return [];
  const common = {
    Dimensions: [
      { Name: "App", Value: app },
      { Name: "Env", Value: env },
      { Name: "Slot", Value: sample.slot },
    ],
    Timestamp: new Date(sample.t),
  };
  const datums: MetricDatum[] = [
    { ...common, MetricName: "Requests", Value: sample.requests, Unit: "Count" },
    { ...common, MetricName: "Errors5xx", Value: sample.errors, Unit: "Count" },
    { ...common, MetricName: "ErrorRate", Value: (sample.errors / sample.requests) * 100, Unit: "Percent" },
  ];
  // When no request got an answer there is no latency to report; a 0 would make an outage look fast.
  const anyAnswered = sample.latencyP99Ms > 0 || sample.errors < sample.requests;
  if (anyAnswered) datums.push({ ...common, MetricName: "LatencyP99", Value: sample.latencyP99Ms, Unit: "Milliseconds" });
  const { valuesMs, counts } = sample.latencyHistogram;
  for (let start = 0; start < valuesMs.length; start += VALUES_PER_DATUM) {
    datums.push({
      ...common,
      MetricName: RESPONSE_TIME_METRIC,
      Values: valuesMs.slice(start, start + VALUES_PER_DATUM).map((ms) => ms / 1000),
      Counts: counts.slice(start, start + VALUES_PER_DATUM),
      Unit: "Seconds",
    });
  }
  return datums;
}
