// What one sandbox run produces for reporting: its deployments and their outcomes, the traffic split and
// errors over virtual time, and the events (steps, alarms, verdicts) that explain them.

export type SlotPair<T = number> = { a: T; b: T };

/** `skipped`: older than a live or newer pushed commit; `superseded`: a newer push took its place in the queue. */
export type DeploymentOutcome = "promoted" | "rolled_back" | "failed" | "duplicate" | "skipped" | "superseded";

export interface TimelineDeployment {
  commit: string;
  outcome: DeploymentOutcome;
  /** Why it ended this way, in words an operator reads first (e.g. the alarm that fired). */
  reason: string;
  /** Virtual epoch ms. */
  startedAt: number;
  endedAt: number;
  /** The slot serving 100% once this deployment ended. */
  liveSlot: "a" | "b";
}

export interface TimelineSample {
  /** Virtual epoch ms. */
  t: number;
  /** Route 53 weights (0–255); share = weight / sum. */
  weights: SlotPair;
  requests: SlotPair;
  errors: SlotPair;
}

type TimelineEventKind = "step" | "alarm" | "verdict" | "rollback" | "promote" | "deploy";

export interface TimelineEvent {
  /** Virtual epoch ms. */
  t: number;
  kind: TimelineEventKind;
  text: string;
}

/** A lifecycle event Glidepath published (functions/core/lifecycle-events.ts), as the sandbox's bus took it. */
export interface TimelineLifecycleEvent {
  /** Virtual epoch ms it was put. */
  t: number;
  detailType: string;
  deploymentId: string;
  commit: string;
  /** One line for the report: the reason, who, which slot. */
  summary: string;
  detail: Record<string, unknown>;
}

/** A one-group fleet's InService instances at one virtual instant, counted per image they run. */
export interface InstanceSample {
  /** Virtual epoch ms. */
  t: number;
  /** InService instances per image id. */
  inService: Record<string, number>;
}

export interface RunTimeline {
  title: string;
  /** Virtual epoch ms the run began; the report's time axis counts from here. */
  startedAt: number;
  deployments: TimelineDeployment[];
  samples: TimelineSample[];
  events: TimelineEvent[];
  /** Glidepath's own lifecycle events (EventBridge), oldest first. */
  lifecycle: TimelineLifecycleEvent[];
  /** The error-rate alarm the chart draws: its threshold (percent) and period, the buckets it sums. */
  errorAlarm?: { thresholdPercent: number; periodMs: number };
  /**
   * Only for a one-group fleet (fleet.group), where weights say nothing: its InService instances over time,
   * which the chart draws as the new version's instance share in place of the slots' traffic share.
   */
  instances?: InstanceSample[];
}
