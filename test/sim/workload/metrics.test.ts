import { describe, expect, it } from "vitest";
import { SAMPLE_NAMESPACE, toMetricData } from "../../../local/traffic/metrics.ts";
import type { TrafficSample } from "../../../local/traffic/slot-buckets.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const aSample = (overrides: Partial<TrafficSample> = {}): TrafficSample => ({
  t: T0, slot: "b", requests: 40, errors: 2, latencyAvgMs: 5, latencyP99Ms: 12, latencyHistogram: { valuesMs: [4, 12], counts: [39, 1] }, ...overrides,
});
const scope = { app: "shop", env: "prod" };

describe("toMetricData", () => {
  it("maps a sample to Requests, Errors5xx, ErrorRate, LatencyP99 and TargetResponseTime in the sample namespace", () => {
    const [input, ...rest] = toMetricData([aSample()], scope);
    expect(rest).toEqual([]);
    expect(input?.Namespace).toBe(SAMPLE_NAMESPACE);
    expect(SAMPLE_NAMESPACE).toBe("Glidepath/Sample");
    expect(input?.MetricData?.map((d) => [d.MetricName, d.Value, d.Unit])).toEqual([
      ["Requests", 40, "Count"],
      ["Errors5xx", 2, "Count"],
      ["ErrorRate", 5, "Percent"],
      ["LatencyP99", 12, "Milliseconds"],
      ["TargetResponseTime", undefined, "Seconds"],
    ]);
  });

  it("publishes every answer's latency as a distribution in seconds, as an ALB's TargetResponseTime", () => {
    const [input] = toMetricData([aSample()], scope);
    const responseTime = input?.MetricData?.find((d) => d.MetricName === "TargetResponseTime");
    expect(responseTime).toMatchObject({ Values: [0.004, 0.012], Counts: [39, 1], Unit: "Seconds" });
  });

  it("splits a distribution of more than 150 distinct latencies across datums", () => {
    const valuesMs = Array.from({ length: 151 }, (_, i) => i + 1);
    const [input] = toMetricData([aSample({ latencyHistogram: { valuesMs, counts: valuesMs.map(() => 2) } })], scope);
    const parts = input?.MetricData?.filter((d) => d.MetricName === "TargetResponseTime") ?? [];
    expect(parts.map((d) => d.Values?.length)).toEqual([150, 1]);
    expect(parts.map((d) => d.Counts?.length)).toEqual([150, 1]);
    expect(parts[1]).toMatchObject({ Values: [0.151], Counts: [2] });
  });

  it("dimensions every datum by App, Env and Slot and stamps it with the virtual bucket time", () => {
    const [input] = toMetricData([aSample({ t: T0 + 60_000, slot: "a" })], scope);
    for (const datum of input?.MetricData ?? []) {
      expect(datum.Dimensions).toEqual([
        { Name: "App", Value: "shop" },
        { Name: "Env", Value: "prod" },
        { Name: "Slot", Value: "a" },
      ]);
      expect(datum.Timestamp).toEqual(new Date(T0 + 60_000));
    }
  });

  it("leaves out latency when no request got an answer", () => {
    const [input] = toMetricData([aSample({ requests: 3, errors: 3, latencyAvgMs: 0, latencyP99Ms: 0, latencyHistogram: { valuesMs: [], counts: [] } })], scope);
    expect(input?.MetricData?.map((d) => d.MetricName)).toEqual(["Requests", "Errors5xx", "ErrorRate"]);
    expect(input?.MetricData?.[2]?.Value).toBe(100);
  });

  it("batches at most 20 datums per request", () => {
    const samples = Array.from({ length: 11 }, (_, i) => aSample({ t: T0 + i * 10_000 }));
    const inputs = toMetricData(samples, scope);
    // Five datums per sample: Requests, Errors5xx, ErrorRate, LatencyP99, TargetResponseTime.
    expect(inputs.map((i) => i.MetricData?.length)).toEqual([20, 20, 15]);
  });

  it("produces nothing for no samples", () => {
    expect(toMetricData([], scope)).toEqual([]);
  });
});
