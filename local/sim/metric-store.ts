// CloudWatch metric storage: samples per (namespace, name, dimensions), aggregated into periods on demand.
import type { Dimension, MetricDatum } from "@aws-sdk/client-cloudwatch";
import { unsupported } from "./errors.ts";

interface Sample {
  t: number;
  sum: number;
  min: number;
  max: number;
  count: number;
  /** The raw value when the datum gave one (Value / Values); percentiles need it. */
  value?: number;
}

export interface MetricId {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}

/** A named statistic, or a percentile such as `p99` or `p99.9` (an ExtendedStatistic). */
export type Statistic = "Sum" | "Average" | "Maximum" | "Minimum" | "SampleCount" | `p${number}`;
const statistics = new Set<string>(["Sum", "Average", "Maximum", "Minimum", "SampleCount"]);
const percentile = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

/** CloudWatch treats every distinct dimension set as its own metric; order of dimensions does not matter. */
function metricKey(m: MetricId): string {
  const dims = [...(m.Dimensions ?? [])].map((d) => `${d.Name}=${d.Value}`).sort();
  return `${m.Namespace}|${m.MetricName}|${dims.join(",")}`;
}

export function assertStatistic(stat: string | undefined): asserts stat is Statistic {
  if (!stat || !(statistics.has(stat) || percentile.test(stat))) {
    unsupported(`cloudwatch statistic ${stat ?? "(none)"} (Sum, Average, Maximum, Minimum, SampleCount and pNN percentiles only)`);
  }
}

export class MetricStore {
  private series = new Map<string, Sample[]>();

  put(namespace: string, datum: MetricDatum, now: number): void {
    const t = datum.Timestamp ? new Date(datum.Timestamp).getTime() : now;
    const samples = this.series.get(metricKey({ ...datum, Namespace: namespace })) ?? [];
    this.series.set(metricKey({ ...datum, Namespace: namespace }), samples);
    if (datum.StatisticValues) {
      const s = datum.StatisticValues;
      samples.push({ t, sum: s.Sum ?? 0, min: s.Minimum ?? 0, max: s.Maximum ?? 0, count: s.SampleCount ?? 0 });
    }
    const values = datum.Values ?? (datum.Value !== undefined ? [datum.Value] : []);
    values.forEach((value, i) => {
      const count = datum.Counts?.[i] ?? 1;
      samples.push({ t, sum: value * count, min: value, max: value, count, value });
    });
  }

  /** One value per period bucket [start, start + period) that has data, oldest first; buckets align to the epoch. */
  aggregate(metric: MetricId, stat: Statistic, periodSeconds: number, startMs: number, endMs: number): Array<{ t: number; value: number; sampleCount: number }> {
    const periodMs = periodSeconds * 1000;
    const buckets = new Map<number, Sample[]>();
    for (const s of this.series.get(metricKey(metric)) ?? []) {
      const bucket = Math.floor(s.t / periodMs) * periodMs;
      if (bucket < startMs || bucket >= endMs) continue;
      const inBucket = buckets.get(bucket);
      if (inBucket) inBucket.push(s);
      else buckets.set(bucket, [s]);
    }
    return [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, samples]) => ({ t, value: reduce(samples, stat), sampleCount: samples.reduce((n, s) => n + s.count, 0) }));
  }
}

function reduce(samples: Sample[], stat: Statistic): number {
  const count = samples.reduce((n, s) => n + s.count, 0);
  const sum = samples.reduce((n, s) => n + s.sum, 0);
  switch (stat) {
    case "Sum":
      return sum;
    case "SampleCount":
      return count;
    case "Average":
      return count === 0 ? 0 : sum / count;
    case "Maximum":
      return Math.max(...samples.map((s) => s.max));
    case "Minimum":
      return Math.min(...samples.map((s) => s.min));
    default:
      return nearestRank(samples, Number(stat.slice(1)) / 100);
  }
}

/** The smallest value at or above fraction `p` of the samples (weighted by their counts). */
function nearestRank(samples: Sample[], p: number): number {
  if (samples.some((s) => s.value === undefined)) unsupported("cloudwatch percentiles over StatisticValues datums");
  const sorted = [...samples].sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  const total = sorted.reduce((n, s) => n + s.count, 0);
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const s of sorted) {
    seen += s.count;
    if (seen >= rank) return s.value ?? 0;
  }
  return sorted[sorted.length - 1]?.value ?? 0;
}

/**
 * Whether a percentile period had too few samples to be significant: fewer than 10 / (1 − p) for p ≥ 0.5, fewer
 * than 10 / p below (CloudWatch User Guide, "Percentile-based alarms and low data samples"). Example: p99 → 1,000.
 */
export function lowSampleCount(stat: Statistic, sampleCount: number): boolean {
  if (!stat.startsWith("p")) return false;
  const p = Number(stat.slice(1)) / 100;
  if (p <= 0 || p >= 1) return false;
  return sampleCount < (p >= 0.5 ? 10 / (1 - p) : 10 / p);
}
