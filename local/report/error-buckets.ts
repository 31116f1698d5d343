// The report's error-rate line, on the alarm's own buckets: each slot's requests and errors summed over one
// alarm period, the span each of the alarm's datapoints covers. A line drawn from the traffic generator's
// short samples jumps about (a 10% canary sees a handful of requests per sample); on the alarm's buckets it
// reads like the datapoints the alarm compared with its threshold.
import { errorPercent } from "./format-time.ts";
import type { SlotPair, TimelineSample } from "./timeline-model.ts";

export interface ErrorBucket {
  /** The middle of the bucket (virtual epoch ms), where the line plots it. */
  t: number;
  requests: SlotPair;
  /** Percent of the bucket's requests that failed; undefined when the slot had none (a gap, not a 0). */
  percent: SlotPair<number | undefined>;
}

/**
 * Example: samples every 20 s from `startedAt`, `bucketMs` 60 s → one bucket per minute, its rate the sum of
 * that minute's errors over the sum of its requests (3 errors of 40 requests and 0 of 20 → 5%).
 */
export function errorBuckets(samples: TimelineSample[], startedAt: number, bucketMs: number): ErrorBucket[] {
  const buckets = new Map<number, { requests: SlotPair; errors: SlotPair }>();
  for (const sample of samples) {
    const index = Math.floor((sample.t - startedAt) / bucketMs);
    const bucket = buckets.get(index) ?? { requests: { a: 0, b: 0 }, errors: { a: 0, b: 0 } };
    bucket.requests.a += sample.requests.a;
    bucket.requests.b += sample.requests.b;
    bucket.errors.a += sample.errors.a;
    bucket.errors.b += sample.errors.b;
    buckets.set(index, bucket);
  }
  return [...buckets.entries()]
    .sort(([x], [y]) => x - y)
    .map(([index, { requests, errors }]) => ({
      t: startedAt + index * bucketMs + bucketMs / 2,
      requests,
      percent: { a: errorPercent(errors.a, requests.a), b: errorPercent(errors.b, requests.b) },
    }));
}
