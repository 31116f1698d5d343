// A traffic bucket's answer times as CloudWatch takes a distribution (PutMetricData Values + Counts), so the
// simulated CloudWatch computes a period's p99 from every answer, as it does for an ALB's TargetResponseTime.

/** How many answers took each whole millisecond, ascending; `counts[i]` answers took `valuesMs[i]`. */
export interface LatencyHistogram {
  valuesMs: number[];
  counts: number[];
}

/**
 * Groups answer times by whole millisecond, rounded up so a slow answer never reads faster than it was.
 * Example: `latencyHistogram([0.4, 1, 7.2, 1])` → `{ valuesMs: [1, 8], counts: [3, 1] }`.
 */
export function latencyHistogram(latenciesMs: readonly number[]): LatencyHistogram {
  const counts = new Map<number, number>();
  for (const ms of latenciesMs) {
    const bin = Math.ceil(ms);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  const valuesMs = [...counts.keys()].sort((x, y) => x - y);
  return { valuesMs, counts: valuesMs.map((ms) => counts.get(ms) ?? 0) };
}
