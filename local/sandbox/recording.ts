// Records what a sandbox run shows an operator: progress events, alarm transitions, and traffic samples
// with the weights resolvers saw at the time, into the RunTimeline the reports are drawn from.
import { slotWeightsView } from "../traffic/slot-weights.ts";
import { LIFECYCLE_SOURCE, lifecycleEvent } from "../../functions/core/lifecycle-events.ts";
import { lifecycleSummary } from "../report/lifecycle-summary.ts";
import { ERROR_RATE_ALARM } from "./sample-alarms.ts";
import { TimelineRecorder } from "../report/timeline-recorder.ts";
import type { RunTimeline, TimelineDeployment } from "../report/timeline-model.ts";
import type { TrafficSample } from "../traffic/generator.ts";
import type { RunEvent } from "./runner.ts";
import type { Sandbox } from "./sandbox.ts";

export class SandboxRecording {
  private readonly recorder: TimelineRecorder;
  private sandbox: Sandbox | undefined;

  constructor(title: string, startedAt: number) {
    this.recorder = new TimelineRecorder(title, startedAt);
  }

  /** Subscribes to the sandbox's alarm transitions and Glidepath's lifecycle events; call once the sandbox has started. */
  attach(sandbox: Sandbox): void {
    this.sandbox = sandbox;
    this.recorder.alarm({ thresholdPercent: ERROR_RATE_ALARM.threshold, periodMs: ERROR_RATE_ALARM.periodSeconds * 1000 });
    sandbox.sim.cloudwatch.onTransition((transition) =>
      this.recorder.event(transition.t, "alarm", `${transition.alarm}: ${transition.from} → ${transition.to}. ${transition.reason}`),
    );
    sandbox.sim.eventbridge.onEvent((put) => {
      if (put.source !== LIFECYCLE_SOURCE) return;
      // Read with the published schema; one that breaks it (never the publisher's: it checks first) says so.
      const read = lifecycleEvent.safeParse({ detailType: put.detailType, detail: put.detail });
      const text = (key: string) => String(put.detail[key] ?? "?");
      const summary = read.success ? lifecycleSummary(read.data) : `not a valid ${put.detailType}: ${read.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`;
      this.recorder.lifecycle({ t: put.t, detailType: put.detailType, deploymentId: text("deploymentId"), commit: text("commit"), summary, detail: put.detail });
    });
  }

  readonly onEvent = (event: RunEvent): void => this.recorder.event(event.t, event.kind, event.text);

  readonly onSample = (sample: TrafficSample): void => {
    if (!this.sandbox) return;
    this.recorder.addTraffic(sample, servedWeights(this.sandbox));
    const group = this.sandbox.config.fleet.group;
    if (group) this.recorder.addInstances(sample.t, inServicePerImage(this.sandbox, group.name));
  };

  deployment(deployment: TimelineDeployment): void {
    this.recorder.deployment(deployment);
  }

  timeline(): RunTimeline {
    return this.recorder.toTimeline();
  }
}

/** The weights resolvers see now for the sandbox's record (0 for a record that does not exist yet). */
export function servedWeights(sandbox: Sandbox): { a: number; b: number } {
  const served = slotWeightsView(sandbox.sim, sandbox.config).served();
  return { a: served.a ?? 0, b: served.b ?? 0 };
}

/** A one-group fleet's InService instances counted per image, read from the simulation without a call (as the monitor's GroupWatch does). */
export function inServicePerImage(sandbox: Sandbox, group: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const instance of sandbox.sim.autoscaling.instancesOf(group)) if (instance.state === "InService") counts[instance.imageId] = (counts[instance.imageId] ?? 0) + 1;
  return counts;
}
