// The demo's running status: where the rollout stands, refreshed from the sandbox (weights resolvers see,
// the last traffic bucket per slot, alarm states, the last verdict).
import { alarmNameFor } from "../../functions/core/alarm-name.ts";
import { formatStatus } from "../report/live.ts";
import { servedWeights } from "../sandbox/recording.ts";
import type { RunEvent } from "../sandbox/runner.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { TrafficSample } from "../traffic/generator.ts";

export class StatusLine {
  private step = "waiting for a push";
  private verdict: string | undefined;
  private readonly last: Record<"a" | "b", TrafficSample | undefined> = { a: undefined, b: undefined };

  constructor(private readonly sandbox: Sandbox, private readonly startedAt: number) {}

  readonly onEvent = (event: RunEvent): void => {
    if (event.kind === "step" || event.kind === "promote" || event.kind === "rollback") this.step = event.text.split(/[:(—]/)[0]!.trim();
    if (event.kind === "verdict") this.verdict = event.text.split(" — ")[1] ?? event.text;
    if (event.kind === "promote" || event.state === "Deployment failed") this.verdict = undefined;
  };

  readonly onSample = (sample: TrafficSample): void => {
    this.last[sample.slot] = sample;
  };

  render(colour: boolean): string {
    const alarms = this.sandbox.config.analysis.alarms.flatMap((policy) =>
      (["a", "b"] as const).map((slot) => alarmNameFor(policy.name, slot)).filter((name, i, all) => all.indexOf(name) === i),
    );
    const rate = (sample: TrafficSample | undefined) => (sample && sample.requests > 0 ? (100 * sample.errors) / sample.requests : undefined);
    return formatStatus(
      {
        t: this.sandbox.clock.now(),
        startedAt: this.startedAt,
        step: this.step,
        weights: servedWeights(this.sandbox),
        requests: { a: this.last.a?.requests ?? 0, b: this.last.b?.requests ?? 0 },
        errorRate: { a: rate(this.last.a), b: rate(this.last.b) },
        alarms: alarms.map((name) => ({ name, state: this.sandbox.sim.cloudwatch.stateOf(name) ?? "missing" })),
        verdict: this.verdict,
      },
      { colour },
    );
  }
}
