// Shared domain types: plans, weights, verdicts, alarm states, ledger records. Pure data, no AWS SDK.
import type { SlotName } from "./config.ts";

/** One step of a plan. Exactly one kind each (as Argo's CanaryStep allows one of setWeight/pause/analysis). */
export type PlanStep =
  | { kind: "setWeight"; percent: number }
  | { kind: "bake"; seconds: number }
  | { kind: "approval"; timeoutSeconds: number; question: string }
  | { kind: "setFlag"; flag: string; percent: number }
  /** One group: the instance refresh goes on until this share of the group's instances runs the new version. */
  | { kind: "replaceInstances"; percent: number }
  /** Two slots, canaryScale: bring the new fleet to this share of the live fleet's size and wait until it is InService. */
  | { kind: "scaleFleet"; percent: number };

/**
 * How a one-group fleet's instances are replaced (group-plan.ts): an instance refresh with these preferences
 * (Auto Scaling's names, percents of desired capacity), or a temporary group at full size (immutable).
 */
export type FleetChange =
  | {
      kind: "instanceRefresh";
      minHealthyPercentage: number;
      maxHealthyPercentage: number;
      /** Where the refresh pauses, ascending, ending at 100 (the plan's replaceInstances percents). */
      checkpointPercentages: number[];
      /** How long it pauses at each: longer than any bake after a checkpoint, so the bake is judged first. */
      checkpointDelaySeconds: number;
      /** How long it stays Baking after the last replacement: still reversible through the final bake. */
      bakeTimeSeconds: number;
    }
  | { kind: "temporaryGroup" };

type StepKind = PlanStep["kind"];

/** A compiled strategy: what the Rollout Map walks, one step at a time. */
export interface Plan {
  strategy: string;
  steps: PlanStep[];
  /** Seconds the new version bakes at 100% before promotion. */
  finalBakeSeconds: number;
  /** One-group fleets only: how the group's instances are replaced. Absent for two slots. */
  fleetChange?: FleetChange;
  /**
   * Two slots (config `strategy.canaryScale`): the new fleet is brought up at this share of the live fleet's
   * size, and a scaleFleet step brings it to full size before a shift sends it more than it carries
   * (canary-scale.ts). Absent: it is brought up at full size.
   */
  canaryScale?: { percent: number };
}

/** Route 53 weights of the two records in the set (0–255 each, never both 0 when written by us). */
export interface Weights {
  a: number;
  b: number;
}

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmState {
  name: string;
  state: AlarmStateValue;
  /** CloudWatch's StateReason, shown to operators in rollback reasons. */
  reason?: string;
  updatedAt?: string;
  /**
   * How much metric time one evaluation of a metric alarm looks at: its period × EvaluationPeriods (for metric
   * math, the longest query's period). A release must be watched at least this long, plus one evaluation, before
   * the alarm can have judged it. Absent for a composite alarm.
   */
  windowSeconds?: number;
}

/** One StateUpdate of an alarm's history (DescribeAlarmHistory's HistoryData), reduced to what judging needs. */
export interface AlarmStateChange {
  alarm: string;
  /** Epoch ms. */
  at: number;
  from: AlarmStateValue;
  to: AlarmStateValue;
  reason: string;
}

/** A closed set of verdicts; each carries a reason a human can read. */
export type VerdictKind = "healthy" | "unhealthy" | "inconclusive" | "error";
export interface Verdict {
  verdict: VerdictKind;
  reason: string;
}

export type Outcome = "in_progress" | "promoted" | "rolled_back" | "failed";

/** The live state of an app/env, as the ledger records it. */
export interface LiveRecord {
  app: string;
  env: string;
  liveSlot: SlotName;
  /**
   * One group (`fleet.group`): the group's name, the fleet that is live; `liveSlot` is then only the placeholder
   * `a` the state machine carries for it. Absent on two slots, and on records written before it was kept.
   */
  group?: string;
  commit: string | null;
  imageId: string | null;
  updatedAt: string;
}

/** One step as it actually happened, appended to the deployment record. */
export interface StepRecord {
  index: number;
  /** `temporaryGroup`: an immutable deployment's temporary group launched, put in service, or cut over to. */
  kind: StepKind | "smoke" | "finalBake" | "rollback" | "drain" | "temporaryGroup";
  weights?: Weights;
  verdict?: VerdictKind;
  reason: string;
  startedAt: string;
  endedAt?: string;
  /**
   * On a step that wrote Route 53 weights (or a reconciler drain step): the change id, so a later drain waits
   * for that change to be INSYNC before the record's TTL.
   */
  changeId?: string;
  /**
   * On a reconciler drain step: how far the drain got — its own change `started`, or that change seen
   * `insync` (the step's time is when). A field, not the reason's wording, so rewording a reason cannot
   * restart or skip a drain.
   */
  drain?: "started" | "insync";
  /** On an approval step: the Step Functions task token a decision is sent with (SendTaskSuccess/Failure). */
  taskToken?: string;
}

/**
 * A signal from outside the execution that ends its deployment: the circuit breaker tripped, a newer push
 * superseded it, or an operator aborted it. Data, not prose, so no reader depends on how a reason is worded.
 */
export interface ControlSignal {
  /**
   * `operatorRollback`: an operator rolled a promoted deployment back while the old fleet was still warm.
   * `retire`: the execution itself, about to scale the old fleet down after scaleDownDelay: from then on a
   * rollback cannot be a weight flip, and as the first signal stands, no late rollback can race the scale-down.
   */
  kind: "circuitBreaker" | "supersede" | "operatorAbort" | "operatorRollback" | "retire";
  /** Who sent it: "circuit breaker", the superseding execution's name, an operator. */
  by: string;
  /** ISO time it was recorded. */
  at: string;
  reason: string;
}

/**
 * A deployment started other than by a push: by an operator (`glidepath deploy`, or `rollback` to an image no
 * longer warm), or a `promotion` from the env upstream (automatic after its soak, or `glidepath promote-env`).
 */
export interface OperatorRequest {
  kind: "redeploy" | "rollback" | "promotion";
  /** The operator (their user name, or what `--by` said). */
  by: string;
  reason: string;
  /** ISO time they asked. */
  at: string;
  /** Started outside the env's deploy windows or in a freeze, on purpose (`--override-freeze`): an emergency. */
  overrideFreeze?: boolean;
}

/** Where a promoted release comes from: the upstream env, its deployment that promoted it, its commit and image. */
export interface PromotedFrom {
  env: string;
  deploymentId: string;
  commit: string;
  imageId: string;
}

/** One deployment in the ledger. */
export interface DeploymentRecord {
  app: string;
  env: string;
  deploymentId: string;
  commit: string;
  configVersion: number;
  strategy: string;
  plan: PlanStep[];
  fromSlot: SlotName;
  toSlot: SlotName;
  /**
   * One group (`fleet.group`): the group's name, whose instances the deployment replaces; `fromSlot` and `toSlot`
   * are then only the placeholder `a` the state machine carries. Absent on two slots, and on records written
   * before it was kept (readers fall back to the config's group).
   */
  group?: string;
  /** What was live on `fromSlot` when the deployment started: a rollback after promotion restores it. */
  previousLive?: { commit: string | null; imageId: string | null };
  /** Set on a flag release: its flag and the flags version it started from, put back if it ends badly. */
  flagRelease?: { flag: string; revertTo: number };
  imageId?: string;
  steps: StepRecord[];
  outcome: Outcome;
  reason?: string;
  /** The first control signal sent to this deployment; later ones do not replace it. */
  control?: ControlSignal;
  /** Set when an operator started this deployment by hand rather than a push. */
  requestedBy?: OperatorRequest;
  /** Set on a promotion: the upstream env's release it deploys (same commit and image) and the deployment that promoted it there. */
  promotedFrom?: PromotedFrom;
  /** When the lease was taken and this record written. */
  startedAt: string;
  /** When the execution started (the push arrived), which may be long before it got the lease. */
  executionStartedAt?: string;
  endedAt?: string;
}
