// Traffic without HTTP, for scenario runs where virtual time jumps: every bucket of virtual time, simulated
// clients resolve the record through the simulated Route 53 (weights as propagated) and each request
// succeeds or fails as the build serving that slot would. The demo sends real requests instead.
import type { TrafficSample } from "../traffic/generator.ts";
import { latencyHistogram } from "../traffic/latency-histogram.ts";
import { percentile } from "../traffic/slot-buckets.ts";
import type { VersionBehaviour } from "../app/behaviour.ts";
import type { VirtualClock } from "../clock.ts";

type Slot = "a" | "b";

export interface SyntheticTrafficOptions {
  clock: VirtualClock;
  /** A weighted answer for the record, as a resolver sees it; the slot it names. */
  resolveSlot: () => Slot | undefined;
  /** Behaviours of the builds serving a slot now, one per healthy instance; empty when nothing serves it. */
  behavioursServing: (slot: Slot) => VersionBehaviour[];
  random: () => number;
  /** Whether a dark feature's flag is on for a user, as the sample service's flags client answers. */
  flagOn?: (flag: string, userId: string) => boolean;
  /** Requests per bucket, one per simulated user (`user-0`, `user-1`, …): the same users every bucket. */
  requestsPerBucket: number;
  bucketMs: number;
  onSample: (sample: TrafficSample) => void;
}

/** Starts emitting one sample per slot per bucket on the virtual clock; returns a stop function. */
export function startSyntheticTraffic(options: SyntheticTrafficOptions): () => void {
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    emitBucket(options, options.clock.now() - options.bucketMs);
    options.clock.schedule(options.bucketMs, tick);
  };
  options.clock.schedule(options.bucketMs, tick);
  return () => {
    stopped = true;
  };
}

function emitBucket(options: SyntheticTrafficOptions, bucketStart: number): void {
  const counts = { a: { requests: 0, errors: 0, latenciesMs: [] as number[] }, b: { requests: 0, errors: 0, latenciesMs: [] as number[] } };
  const serving = { a: options.behavioursServing("a"), b: options.behavioursServing("b") };
  for (let i = 0; i < options.requestsPerBucket; i++) {
    const slot = options.resolveSlot();
    if (!slot) continue;
    counts[slot].requests++;
    const builds = serving[slot];
    // A balancer with no healthy instance answers 502 itself: no target answered, so no target latency.
    const build = builds.length === 0 ? undefined : builds[i % builds.length];
    if (!build) {
      counts[slot].errors++;
      continue;
    }
    // Round-robin picks one build; its answer, error or not, takes that build's latency.
    const dark = build.darkFeature && options.flagOn?.(build.darkFeature.flag, `user-${i}`) ? build.darkFeature : undefined;
    if (options.random() < (dark ?? build).errorRate) counts[slot].errors++;
    counts[slot].latenciesMs.push(build.latencyMs);
  }
  for (const slot of ["a", "b"] as const) {
    const { requests, errors, latenciesMs } = counts[slot];
    if (requests === 0) continue;
    const sorted = latenciesMs.sort((x, y) => x - y);
    options.onSample({
      t: bucketStart,
      slot,
      requests,
      errors,
      latencyAvgMs: sorted.length === 0 ? 0 : sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length,
      latencyP99Ms: percentile(sorted, 0.99),
      latencyHistogram: latencyHistogram(sorted),
    });
  }
}
