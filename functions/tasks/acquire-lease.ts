// "Acquire lease": one deployment per app/env at a time. Records the deployment (with its plan) in the
// ledger once the lease is ours. Idempotent: a Lambda retry finds the lease already held by this execution.
// With `concurrency: supersede`, a push that finds the lease held stops the holder (StopExecution; cleanup
// then puts traffic back on the live slot and releases the lease) and waits for the lease like a queued push.
import * as z from "zod";
import type { DeploymentRecord, Plan } from "../core/model.ts";
import { LeaseHeldError, OutdatedPushError, SlotsChangedError } from "../errors.ts";
import type { LeaseGrant } from "../adapters/ports.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, iso, slotName } from "../task-support/inputs.ts";

export const acquireLeaseInput = deploymentRef.extend({
  commit: z.string().min(1),
  configVersion: z.number().int(),
  plan: z.custom<Plan>((value) => typeof value === "object" && value !== null && Array.isArray((value as Plan).steps), "must be a plan"),
  liveSlot: slotName,
  idleSlot: slotName,
  /** Extra seconds on top of the plan's own duration, for image bake, fleet start and polling. */
  marginSeconds: z.number().int().nonnegative().default(2 * 3600),
  scaleDownDelaySeconds: z.number().int().nonnegative().default(0),
  /** The config's `concurrency`: what a push does when another deployment holds the lease. */
  concurrency: z.enum(["queue", "supersede"]).optional(),
  /** `$$.Execution.StartTime`: only a deployment that was already running when this one started is superseded. */
  executionStartedAt: z.string().optional(),
});
export type AcquireLeaseInput = z.output<typeof acquireLeaseInput>;
export interface AcquireLeaseOutput {
  owner: string;
  fencingToken: number;
  expiresAt: number;
  reason: string;
}

/** How long the whole deployment may hold the lease: every bake and approval, plus the margin. */
export function leaseSeconds(plan: Plan, marginSeconds: number, scaleDownDelaySeconds: number): number {
  const stepSeconds = plan.steps.reduce(
    (sum, step) => sum + (step.kind === "bake" ? step.seconds : step.kind === "approval" ? step.timeoutSeconds : 0),
    0,
  );
  return stepSeconds + plan.finalBakeSeconds + scaleDownDelaySeconds + marginSeconds;
}

export function makeAcquireLease({ adapters, clock }: TaskDeps) {
  return async function acquireLease(input: AcquireLeaseInput): Promise<AcquireLeaseOutput> {
    const { app, env, deploymentId } = input;
    const ttl = leaseSeconds(input.plan, input.marginSeconds, input.scaleDownDelaySeconds);
    const current = await adapters.lease.current(app, env);
    const grant = current && current.owner === deploymentId && current.expiresAt > clock.now() ? current : await adapters.lease.acquire(app, env, deploymentId, ttl);
    if (!grant) {
      const holder = await adapters.lease.current(app, env);
      const waits = input.concurrency === "supersede" && holder ? await supersede(input, holder) : "waits its turn";
      throw new LeaseHeldError(`${holder?.owner ?? "another deployment"} holds the lease of ${app}/${env}; ${deploymentId} ${waits}`);
    }
    // Waiters take the lease in no guaranteed order: if a push made after this one already deployed, this
    // older commit must not follow it.
    const newer = await newerDeployment(input);
    if (newer) {
      await adapters.lease.release(app, env, deploymentId, grant.fencingToken);
      throw new OutdatedPushError(`${newer.deploymentId} (commit ${newer.commit.slice(0, 12)}) was pushed after ${deploymentId} and went first; this older commit is skipped`);
    }
    // While this push waited, the deployment ahead of it may have promoted: its idle slot is live now.
    // (Without a live record preflight decided from Route 53's weights; only a promotion can change that.)
    const live = await adapters.ledger.getLive(app, env);
    if (live && live.liveSlot !== input.liveSlot) {
      // Let go while preflight runs again, so a failure there cannot leave the lease held until it expires.
      await adapters.lease.release(app, env, deploymentId, grant.fencingToken);
      throw new SlotsChangedError(`slot ${live.liveSlot} of ${app}/${env} became live while ${deploymentId} waited for the lease; checking again`);
    }
    if (!(await adapters.ledger.getDeployment(app, env, deploymentId))) {
      await adapters.ledger.createDeployment({
        app,
        env,
        deploymentId,
        commit: input.commit,
        configVersion: input.configVersion,
        strategy: input.plan.strategy,
        plan: input.plan.steps,
        fromSlot: input.liveSlot,
        toSlot: input.idleSlot,
        ...(live ? { previousLive: { commit: live.commit, imageId: live.imageId } } : {}),
        steps: [],
        outcome: "in_progress",
        startedAt: iso(clock.now()),
        ...(input.executionStartedAt ? { executionStartedAt: input.executionStartedAt } : {}),
      });
    }
    const superseded = input.concurrency === "supersede" ? await supersededBy(input) : undefined;
    return {
      owner: grant.owner,
      fencingToken: grant.fencingToken,
      expiresAt: grant.expiresAt,
      reason: `Took the lease of ${app}/${env} (fencing token ${grant.fencingToken}) for ${Math.round(ttl / 60)} minutes${superseded ? `, after superseding ${superseded.deploymentId}` : ""}`,
    };
  };

  /**
   * Stops the holder once, and only a holder that was already deploying when this execution started: a push
   * that took the lease after it (another waiter that won the race) is newer or as new, and is waited for.
   * The stop is recorded as the holder's control signal, which is also how a retry knows it was done, and
   * as a step of its deployment for operators to read.
   * Any failure to stop leaves this push queued, as `queue` would: never a reason to roll anything back.
   */
  async function supersede(input: AcquireLeaseInput, holder: LeaseGrant): Promise<string> {
    const { app, env, deploymentId } = input;
    const record = await adapters.ledger.getDeployment(app, env, holder.owner);
    if (!record || record.outcome !== "in_progress") return "waits for it to finish";
    const control = record.control;
    if (control?.kind === "supersede" && control.by === deploymentId) return `is superseding it (stopped at ${control.at}; cleanup releases the lease)`;
    // Pushes are ordered by when their executions started, not by when they got the lease: an older push
    // that won the lease after this one arrived is still older, and is superseded.
    const holderStarted = record.executionStartedAt ?? record.startedAt;
    if (input.executionStartedAt && Date.parse(holderStarted) > Date.parse(input.executionStartedAt)) return `waits its turn (${holder.owner} started after this push)`;
    const cause = `Superseded by ${deploymentId} (concurrency: supersede)`;
    try {
      const { status } = await adapters.executions.stop(holder.owner, cause);
      const now = iso(clock.now());
      // Marked only once the stop went through: a failed stop leaves the holder deploying, as `queue` would.
      await adapters.ledger.recordControl(app, env, holder.owner, { kind: "supersede", by: deploymentId, at: now, reason: "concurrency: supersede" });
      await adapters.ledger.appendStep(app, env, holder.owner, {
        index: record.steps.length,
        kind: "rollback",
        reason: `${cause}: ${status === "stopped" ? "execution stopped; cleanup puts traffic back on the live slot" : "execution not found"}`,
        startedAt: now,
        endedAt: now,
      });
      return `is superseding it: stopped ${holder.owner}; waits for cleanup to release the lease`;
    } catch (error) {
      return `waits its turn (could not stop ${holder.owner}: ${(error as Error).message})`;
    }
  }

  /** A deployment whose execution started after this one's, already recorded (it held the lease first). */
  async function newerDeployment(input: AcquireLeaseInput): Promise<DeploymentRecord | undefined> {
    if (!input.executionStartedAt) return undefined;
    const mine = Date.parse(input.executionStartedAt);
    const recent = await adapters.ledger.listDeployments(input.app, input.env, 5);
    return recent.find((record) => record.deploymentId !== input.deploymentId && record.executionStartedAt !== undefined && Date.parse(record.executionStartedAt) > mine);
  }

  /** The deployment this one stopped, if any: the recent record whose supersede signal names it. */
  async function supersededBy(input: AcquireLeaseInput): Promise<DeploymentRecord | undefined> {
    const recent = await adapters.ledger.listDeployments(input.app, input.env, 5);
    return recent.find(({ control }) => control?.kind === "supersede" && control.by === input.deploymentId);
  }
}

export const task = defineTask(makeAcquireLease, acquireLeaseInput);
