// The demo's running status: which release is deploying and where it stands (release-progress.ts), refreshed
// from the sandbox (weights resolvers see, the last traffic bucket per slot, alarm states, the last verdict).
import { alarmNameFor } from "../../functions/core/alarm-name.ts";
import { formatStatus } from "../report/live.ts";
import { newInstances } from "../report/instance-share.ts";
import { inServicePerImage, servedWeights } from "../sandbox/recording.ts";
import { ReleaseProgress } from "./release-progress.ts";
import type { RunEvent } from "../sandbox/runner.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { TrafficSample } from "../traffic/generator.ts";

export class StatusLine {
  private readonly progress: ReleaseProgress;
  private readonly last: Record<"a" | "b", TrafficSample | undefined> = { a: undefined, b: undefined };
  /** One group: the images InService when the release in progress began; every other image is its new version. */
  private oldImages: ReadonlySet<string> = new Set();
  private release: string | null = null;

  constructor(private readonly sandbox: Sandbox, private readonly startedAt: number, releaseOf?: (execution: string) => string | undefined) {
    this.progress = new ReleaseProgress(releaseOf);
  }

  readonly onEvent = (event: RunEvent): void => {
    this.progress.onEvent(event);
    const { release } = this.progress.current();
    const group = this.sandbox.config.fleet.group;
    // As the report's chart does: "new" is relative to what served just before this release began.
    if (group && release !== this.release) this.oldImages = new Set(Object.keys(inServicePerImage(this.sandbox, group.name)));
    this.release = release;
  };

  readonly onSample = (sample: TrafficSample): void => {
    this.last[sample.slot] = sample;
  };

  render(colour: boolean): string {
    const { fleet } = this.sandbox.config;
    const alarms = [...new Set(this.sandbox.config.analysis.alarms.flatMap((policy) => (["a", "b"] as const).map((slot) => alarmNameFor(policy.name, slot, fleet))))];
    const rate = (sample: TrafficSample | undefined) => (sample && sample.requests > 0 ? (100 * sample.errors) / sample.requests : undefined);
    // A bucket whose requests all failed to connect has no answer, so no latency to show.
    const p99 = (sample: TrafficSample | undefined) => (sample && sample.latencyHistogram.valuesMs.length > 0 ? sample.latencyP99Ms : undefined);
    const { release, step, verdict } = this.progress.current();
    const group = this.sandbox.config.fleet.group;
    return formatStatus(
      {
        t: this.sandbox.clock.now(),
        startedAt: this.startedAt,
        ...(release ? { release } : {}),
        step,
        weights: servedWeights(this.sandbox),
        ...(group ? { instances: newInstances(inServicePerImage(this.sandbox, group.name), this.oldImages) } : {}),
        requests: { a: this.last.a?.requests ?? 0, b: this.last.b?.requests ?? 0 },
        errorRate: { a: rate(this.last.a), b: rate(this.last.b) },
        p99Ms: { a: p99(this.last.a), b: p99(this.last.b) },
        alarms: alarms.map((name) => ({ name, state: this.sandbox.sim.cloudwatch.stateOf(name) ?? "missing" })),
        verdict,
      },
      { colour },
    );
  }
}
