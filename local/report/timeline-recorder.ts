// Collects what a sandbox run produces into a RunTimeline: per-slot traffic samples from the generator are
// merged per virtual instant with the Route 53 weights at that time, beside events and deployments.
import type { TrafficSample } from "../traffic/slot-buckets.ts";
import type { InstanceSample, RunTimeline, SlotPair, TimelineDeployment, TimelineEvent, TimelineLifecycleEvent, TimelineSample } from "./timeline-model.ts";

export class TimelineRecorder {
  private readonly samples = new Map<number, TimelineSample>();
  private readonly events: TimelineEvent[] = [];
  private readonly deployments: TimelineDeployment[] = [];
  private readonly lifecycleEvents: TimelineLifecycleEvent[] = [];
  private errorAlarm: RunTimeline["errorAlarm"];
  /** Set once the run records a one-group fleet's instances; keyed by virtual instant (one sample each). */
  private instances: Map<number, InstanceSample> | undefined;

  constructor(
    private readonly title: string,
    private readonly startedAt: number,
  ) {}

  /** Adds one slot's traffic for its bucket; `weights` are the record's weights when the bucket began. */
  addTraffic(sample: TrafficSample, weights: SlotPair): void {
    const entry = this.samples.get(sample.t) ?? { t: sample.t, weights: { ...weights }, requests: { a: 0, b: 0 }, errors: { a: 0, b: 0 } };
    entry.requests[sample.slot] += sample.requests;
    entry.errors[sample.slot] += sample.errors;
    this.samples.set(sample.t, entry);
  }

  /** A one-group fleet's InService instances per image at `t`; a later count for the same instant replaces it. */
  addInstances(t: number, inService: Record<string, number>): void {
    this.instances ??= new Map();
    this.instances.set(t, { t, inService: { ...inService } });
  }

  event(t: number, kind: TimelineEvent["kind"], text: string): void {
    this.events.push({ t, kind, text });
  }

  /** The error-rate alarm the chart draws its threshold and buckets from. */
  alarm(errorAlarm: NonNullable<RunTimeline["errorAlarm"]>): void {
    this.errorAlarm = { ...errorAlarm };
  }

  lifecycle(event: TimelineLifecycleEvent): void {
    this.lifecycleEvents.push(structuredClone(event));
  }

  deployment(deployment: TimelineDeployment): void {
    this.deployments.push({ ...deployment });
  }

  toTimeline(): RunTimeline {
    return {
      title: this.title,
      startedAt: this.startedAt,
      deployments: [...this.deployments].sort((x, y) => x.startedAt - y.startedAt),
      samples: [...this.samples.values()].sort((x, y) => x.t - y.t).map((s) => structuredClone(s)),
      events: [...this.events].sort((x, y) => x.t - y.t),
      lifecycle: [...this.lifecycleEvents].sort((x, y) => x.t - y.t),
      ...(this.errorAlarm ? { errorAlarm: { ...this.errorAlarm } } : {}),
      ...(this.instances ? { instances: [...this.instances.values()].sort((x, y) => x.t - y.t).map((s) => structuredClone(s)) } : {}),
    };
  }
}
