// The demo's running status: which release is deploying and where it stands (release-progress.ts), refreshed
// from the sandbox (weights resolvers see, the last traffic bucket per slot, alarm states, the last verdict).
import { alarmNameFor } from "../../functions/core/alarm-name.ts";
import { formatStatus } from "../report/live.ts";
import { servedWeights } from "../sandbox/recording.ts";
import { ReleaseProgress } from "./release-progress.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { TrafficSample } from "../traffic/generator.ts";

export class StatusLine {
  private readonly progress: ReleaseProgress;
  private readonly last: Record<"a" | "b", TrafficSample | undefined> = { a: undefined, b: undefined };

  constructor(private readonly sandbox: Sandbox, private readonly startedAt: number, releaseOf?: (execution: string) => string | undefined) {
    this.progress = new ReleaseProgress(releaseOf);
  }

  get onEvent() {
    return this.progress.onEvent;
  }

  readonly onSample = (sample: TrafficSample): void => {
    this.last[sample.slot] = sample;
  };

  render(colour: boolean): string {
    const alarms = this.sandbox.config.analysis.alarms.flatMap((policy) =>
      (["a", "b"] as const).map((slot) => alarmNameFor(policy.name, slot)).filter((name, i, all) => all.indexOf(name) === i),
    );
    const rate = (sample: TrafficSample | undefined) => (sample && sample.requests > 0 ? (100 * sample.errors) / sample.requests : undefined);
    // A bucket whose requests all failed to connect has no answer, so no latency to show.
    const p99 = (sample: TrafficSample | undefined) => (sample && sample.latencyHistogram.valuesMs.length > 0 ? sample.latencyP99Ms : undefined);
    const { release, step, verdict } = this.progress.current();
    return formatStatus(
      {
        t: this.sandbox.clock.now(),
        startedAt: this.startedAt,
        ...(release ? { release } : {}),
        step,
        weights: servedWeights(this.sandbox),
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
