// Turns traffic samples into the CloudWatch datapoints the configured alarms evaluate, stamped with
// VIRTUAL time so the simulated alarm windows line up with the virtual clock.
import type { MetricDatum, PutMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import type { TrafficSample } from "./slot-buckets.ts";

export const SAMPLE_NAMESPACE = "Glidepath/Sample";

/** The historical PutMetricData limit; every endpoint (and the simulator) accepts batches this size. */
const DATUMS_PER_REQUEST = 20;

export interface MetricScope {
  app: string;
  env: string;
}

/**
 * One datum per metric per sample, dimensioned by App, Env and Slot, batched into PutMetricData inputs.
 * Example: `{ t, slot: "b", requests: 40, errors: 2, latencyP99Ms: 12 }` for shop/prod →
 * Requests 40 (Count), Errors5xx 2 (Count), ErrorRate 5 (Percent), LatencyP99 12 (Milliseconds),
 * each with dimensions App=shop, Env=prod, Slot=b and Timestamp = new Date(t).
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
  return datums;
}
