// Aggregates request outcomes per slot per virtual-time bucket, and closes a bucket only once virtual time
// has passed its end and every request sent in it has answered, so a late answer is never dropped.
import { latencyHistogram, type LatencyHistogram } from "./latency-histogram.ts";

export type Slot = "a" | "b";

/** One slot's traffic in one virtual-time bucket; `errors` counts 5xx answers and connection failures. */
export interface TrafficSample {
  /** Virtual epoch ms of the bucket's start. */
  t: number;
  slot: Slot;
  requests: number;
  errors: number;
  latencyAvgMs: number;
  latencyP99Ms: number;
  /** Every answered request's latency; refused connections have none (CloudWatch's TargetResponseTime). */
  latencyHistogram: LatencyHistogram;
}

export interface RequestOutcome {
  /** HTTP status, or undefined when the connection failed or timed out. */
  status: number | undefined;
  /** Real milliseconds from sending to the end of the answer. */
  latencyMs: number;
}

interface Bucket {
  t: number;
  slot: Slot;
  inFlight: number;
  requests: number;
  errors: number;
  latencies: number[];
}

/** Names the bucket a request was counted in; the bucket object itself may be replaced by a flush. */
export interface BucketTicket {
  key: string;
}

export class SlotBuckets {
  private open = new Map<string, Bucket>();

  constructor(
    private readonly bucketMs: number,
    private readonly onSample: (sample: TrafficSample) => void,
  ) {
    if (!(bucketMs > 0)) throw new RangeError(`bucketMs must be positive, got ${bucketMs}`);
  }

  /** Notes a request sent at virtual time `sentAt` to `slot`; pass the ticket to `finish` when it answers. */
  begin(sentAt: number, slot: Slot): BucketTicket {
    const t = Math.floor(sentAt / this.bucketMs) * this.bucketMs;
    const key = `${slot}@${t}`;
    let bucket = this.open.get(key);
    if (!bucket) {
      bucket = { t, slot, inFlight: 0, requests: 0, errors: 0, latencies: [] };
      this.open.set(key, bucket);
    }
    bucket.inFlight++;
    return { key };
  }

  finish({ key }: BucketTicket, outcome: RequestOutcome): void {
    const bucket = this.open.get(key);
    if (!bucket) return;
    bucket.inFlight--;
    bucket.requests++;
    if (outcome.status === undefined || outcome.status >= 500) bucket.errors++;
    // A refused connection has no meaningful latency; counting it would make an outage look fast.
    if (outcome.status !== undefined) bucket.latencies.push(outcome.latencyMs);
  }

  /** Emits every bucket whose virtual time is over and whose requests have all answered. */
  closeDue(virtualNow: number): void {
    for (const [key, bucket] of this.open) {
      if (bucket.t + this.bucketMs <= virtualNow && bucket.inFlight === 0) this.emit(key, bucket);
    }
  }

  /**
   * Emits every bucket that has answered requests, over or not. Requests still in flight are carried into a
   * fresh bucket with the same start, reported by a later close (CloudWatch sums same-timestamp data).
   */
  flush(): void {
    for (const [key, bucket] of this.open) {
      if (bucket.requests === 0) continue;
      this.emit(key, bucket);
      if (bucket.inFlight > 0) {
        this.open.set(key, { t: bucket.t, slot: bucket.slot, inFlight: bucket.inFlight, requests: 0, errors: 0, latencies: [] });
      }
    }
  }

  private emit(key: string, bucket: Bucket): void {
    this.open.delete(key);
    const sorted = [...bucket.latencies].sort((x, y) => x - y);
    const sum = sorted.reduce((total, ms) => total + ms, 0);
    this.onSample({
      t: bucket.t,
      slot: bucket.slot,
      requests: bucket.requests,
      errors: bucket.errors,
      latencyAvgMs: sorted.length ? round(sum / sorted.length) : 0,
      latencyP99Ms: sorted.length ? round(percentile(sorted, 0.99)) : 0,
      latencyHistogram: latencyHistogram(sorted),
    });
  }
}

/** Nearest-rank percentile of an ascending list: p99 of 100 values is the 99th. */
export function percentile(ascending: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * ascending.length));
  return ascending[Math.min(rank, ascending.length) - 1] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
