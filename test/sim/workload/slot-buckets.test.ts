import { describe, expect, it } from "vitest";
import { percentile, SlotBuckets, type TrafficSample } from "../../../local/traffic/slot-buckets.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function someBuckets() {
  const samples: TrafficSample[] = [];
  return { samples, buckets: new SlotBuckets(10_000, (s) => samples.push(s)) };
}

describe("slot buckets", () => {
  it("stamps a sample with the start of the virtual bucket its requests were sent in", () => {
    const { samples, buckets } = someBuckets();
    buckets.finish(buckets.begin(T0 + 3_000, "a"), { status: 200, latencyMs: 4 });
    buckets.closeDue(T0 + 10_000);
    expect(samples).toEqual([{ t: T0, slot: "a", requests: 1, errors: 0, latencyAvgMs: 4, latencyP99Ms: 4, latencyHistogram: { valuesMs: [4], counts: [1] } }]);
  });

  it("keeps a bucket open until virtual time passes its end", () => {
    const { samples, buckets } = someBuckets();
    buckets.finish(buckets.begin(T0, "a"), { status: 200, latencyMs: 1 });
    buckets.closeDue(T0 + 9_999);
    expect(samples).toEqual([]);
  });

  it("keeps a bucket open while a request sent in it is still in flight", () => {
    const { samples, buckets } = someBuckets();
    const late = buckets.begin(T0, "b");
    buckets.closeDue(T0 + 20_000);
    expect(samples).toEqual([]);
    buckets.finish(late, { status: 503, latencyMs: 9 });
    buckets.closeDue(T0 + 20_000);
    expect(samples).toMatchObject([{ t: T0, slot: "b", requests: 1, errors: 1 }]);
  });

  it("counts 5xx answers and failed connections as errors, but not 4xx", () => {
    const { samples, buckets } = someBuckets();
    for (const status of [200, 404, 500, 502, undefined]) buckets.finish(buckets.begin(T0, "a"), { status, latencyMs: 2 });
    buckets.flush();
    expect(samples).toMatchObject([{ requests: 5, errors: 3 }]);
  });

  it("leaves failed connections out of latency", () => {
    const { samples, buckets } = someBuckets();
    buckets.finish(buckets.begin(T0, "a"), { status: 200, latencyMs: 10 });
    buckets.finish(buckets.begin(T0, "a"), { status: undefined, latencyMs: 0.1 });
    buckets.flush();
    expect(samples).toMatchObject([{ latencyAvgMs: 10, latencyP99Ms: 10 }]);
  });

  it("reports each slot separately", () => {
    const { samples, buckets } = someBuckets();
    buckets.finish(buckets.begin(T0, "a"), { status: 200, latencyMs: 1 });
    buckets.finish(buckets.begin(T0, "b"), { status: 500, latencyMs: 1 });
    buckets.flush();
    expect(samples.map((s) => [s.slot, s.errors]).sort()).toEqual([["a", 0], ["b", 1]]);
  });

  it("carries requests still in flight at a flush into a later sample with the same start", () => {
    const { samples, buckets } = someBuckets();
    buckets.finish(buckets.begin(T0, "a"), { status: 200, latencyMs: 1 });
    const pending = buckets.begin(T0, "a");
    buckets.flush();
    buckets.finish(pending, { status: 500, latencyMs: 1 });
    buckets.closeDue(T0 + 10_000);
    expect(samples).toMatchObject([
      { t: T0, requests: 1, errors: 0 },
      { t: T0, requests: 1, errors: 1 },
    ]);
  });
});

describe("percentile", () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.99, 10],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99],
    [[7], 0.99, 7],
    [[1, 2, 3, 4], 0.5, 2],
  ])("takes the nearest rank of %j at %d", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});
