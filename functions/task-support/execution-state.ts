// What flows through the state machine, as types: each field is one Task's result at its ResultPath. The
// definition builder writes its JSONPaths through these (stacks/definition/paths.ts), so renaming a field or
// a Task output that a path reads fails the type check instead of an execution.
import type { AcquireLeaseOutput } from "../tasks/acquire-lease.ts";
import type { ImageProgress } from "../tasks/bake-image.ts";
import type { CheckDnsSyncOutput } from "../tasks/check-dns-sync.ts";
import type { FinishRollbackOutput } from "../tasks/finish-rollback.ts";
import type { JudgeBakeOutput } from "../tasks/judge-bake.ts";
import type { LoadConfigOutput } from "../tasks/load-config.ts";
import type { PreflightOutput } from "../tasks/preflight.ts";
import type { FleetProgress } from "../tasks/prepare-fleet.ts";
import type { PromoteOutput } from "../tasks/promote.ts";
import type { ReleaseLeaseOutput } from "../tasks/release-lease.ts";
import type { ReplaceInstancesOutput } from "../tasks/replace-instances.ts";
import type { ApprovalDecision } from "../tasks/request-approval.ts";
import type { RetireOldFleetOutput } from "../tasks/retire-old-fleet.ts";
import type { RollBackOutput } from "../tasks/roll-back.ts";
import type { ShiftTrafficOutput } from "../tasks/shift-traffic.ts";
import type { SmokeTestOutput } from "../tasks/smoke-test.ts";
import type { PlanStep } from "../core/model.ts";
import type { DeploymentContext } from "./inputs.ts";

/** A caught error, as a Catch's ResultPath puts it. */
interface CaughtError {
  Error: string;
  Cause: string;
}

/** The execution's state: its input ({app, env, commit}) plus each Task's result, in the order they run. */
export interface ExecutionState {
  app: string;
  env: string;
  commit: string;
  setup: LoadConfigOutput;
  /** Preflight's choice of slots and the plan this deployment walks. */
  slots: PreflightOutput;
  /** Set when the lease came with changed slots and preflight runs again. */
  slotsChanged: CaughtError;
  lease: AcquireLeaseOutput;
  image: ImageProgress;
  /** How the last image wait ended: the event's (or the wait's own) reason, or its fallback timeout. */
  imageWait: { reason: string } | CaughtError;
  fleet: FleetProgress;
  smoke: SmokeTestOutput;
  /** Immutable: the temporary group put in service, and the cut-over to its instances. */
  temporaryGroup: { sources: string[]; reason: string };
  cutOver: { moved: number; terminated: number; reason: string };
  /** An operator promoted with --full during the Rollout: the Map's caught SkipToFullError. */
  skippedToFull: CaughtError;
  /** The one shift to 100% that replaces the Rollout's remaining steps, and its DNS sync. */
  /** A --full promote of a canary whose new fleet was smaller than the live one: that fleet at full size. */
  fullFleet: FleetProgress;
  fullShift: ShiftTrafficOutput;
  fullShiftSync: CheckDnsSyncOutput;
  /** The final bake's wait, ended early by an operator's promote (SendTaskSuccess output). */
  finalBakeEnded: ApprovalDecision;
  /** The final bake's wait timed out: its time is up, and its judge runs. */
  finalBakeTimedOut: CaughtError;
  /** The final bake's verdict. */
  finalBake: JudgeBakeOutput;
  promotion: PromoteOutput;
  retired: RetireOldFleetOutput;
  released: ReleaseLeaseOutput;
  /** Whatever error sent the execution to Roll back. */
  error: CaughtError;
  rollback: RollBackOutput;
  rollbackSync: CheckDnsSyncOutput;
  finish: FinishRollbackOutput;
  rollbackError: CaughtError;
}

/** One Rollout Map iteration's state: the step, its index, the deployment, and each step Task's result. */
export interface RolloutIteration {
  deployment: DeploymentContext;
  step: PlanStep;
  index: number;
  shift: ShiftTrafficOutput;
  sync: CheckDnsSyncOutput;
  /** A bake's wait ended early by an operator's promote (SendTaskSuccess output). */
  ended: ApprovalDecision;
  /** A bake's wait timed out: its time is up, and its judge runs. */
  bakeTimedOut: CaughtError;
  bake: JudgeBakeOutput;
  approval: ApprovalDecision;
  /** One group: how far the instance refresh has got toward a replaceInstances step. */
  refresh: ReplaceInstancesOutput;
  /** Two slots, canaryScale: the new fleet being scaled, polled until InService. */
  fleet: FleetProgress;
}
