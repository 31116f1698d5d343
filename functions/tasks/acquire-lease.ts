// "Acquire lease": one deployment per app/env at a time. Records the deployment (with its plan) in the
// ledger once the lease is ours. Idempotent: a Lambda retry finds the lease already held by this execution.
// A push older than the live commit or than a push recorded on top of it is skipped (git history, not
// arrival, orders pushes). A push that finds the lease held waits in the ledger's push queue and its
// execution ends: whoever releases the lease starts it again. With `concurrency: supersede`, it first
// stops the holder (StopExecution; cleanup then puts traffic back on the live slot and releases the lease).
import * as z from "../core/zod-mini.ts";
import type { DeploymentRecord, Plan } from "../core/model.ts";
import { leaseSeconds, renewalSeconds } from "../core/lease-budget.ts";
import { SlotsChangedError } from "../errors.ts";
import type { LeaseGrant } from "../adapters/ports.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, iso, slotName } from "../task-support/inputs.ts";
import { outdatedPush } from "../task-support/branch-chain.ts";
import { queuePush, startPendingPush } from "../task-support/push-queue.ts";
import { announce, lifecycleEventOf } from "../task-support/announce.ts";
import { DETAIL_TYPE } from "../core/lifecycle-events.ts";
import { deployGate, freezeSchema, windowsSchema } from "../core/deploy-windows.ts";

export const acquireLeaseInput = z.extend(deploymentRef, {
  commit: z.string().check(z.minLength(1)),
  configVersion: z.number().check(z.int()),
  plan: z.custom<Plan>((value) => typeof value === "object" && value !== null && Array.isArray((value as Plan).steps), "must be a plan"),
  liveSlot: slotName,
  idleSlot: slotName,
  /** Extra seconds on top of the derived lease (core/lease-budget.ts), for an operator who wants more room. */
  marginSeconds: z._default(z.number().check(z.int(), z.gte(0)), 0),
  scaleDownDelaySeconds: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** The config's `concurrency`: what a push does when another deployment holds the lease. */
  concurrency: z.optional(z.enum(["queue", "supersede"])),
  /** The config's deploy windows and freezes: outside them a push waits in the queue and an operator's deployment is refused. */
  windows: z.optional(windowsSchema),
  freeze: z.optional(freezeSchema),
  /** The config's fleet: on one group (`fleet.group`) its name is recorded on the deployment. */
  fleet: z.optional(z.looseObject({ group: z.optional(z.looseObject({ name: z.string().check(z.minLength(1)) })) })),
  /** `$$.Execution.StartTime`: only a deployment that was already running when this one started is superseded. */
  executionStartedAt: z.optional(z.string()),
  /** `$$.Execution.Input`: the push, to start again from the queue (its `receivedAt`, `attempt`, source…). */
  push: z.optional(
    z.looseObject({
      receivedAt: z.optional(z.string()),
      attempt: z.optional(z.number().check(z.int(), z.gt(0))),
      /** Set when an operator started this deployment (glidepath deploy, rollback): they chose the commit. */
      requestedBy: z.optional(z.object({ kind: z.enum(["redeploy", "rollback", "promotion"]), by: z.string().check(z.minLength(1)), reason: z.string(), at: z.string(), overrideFreeze: z.optional(z.boolean()) })),
      /** Set on a promotion from another env: recorded on the deployment (which release, from where). */
      promotedFrom: z.optional(z.object({ env: z.string(), deploymentId: z.string(), commit: z.string(), imageId: z.string() })),
    }),
  ),
});
export type AcquireLeaseInput = z.output<typeof acquireLeaseInput>;
/**
 * `deploy`: the lease is ours (owner, token, expiry set). `queued`: the push waits in the ledger for the
 * lease; `superseded`: a newer push already waits; `skipped`: an older commit than what is live or pushed.
 * For those three the execution ends here, and the ledger's push record says why.
 */
export type LeaseDecision = "deploy" | "queued" | "superseded" | "skipped";
export interface AcquireLeaseOutput {
  decision: LeaseDecision;
  owner?: string;
  fencingToken?: number;
  expiresAt?: number;
  /** How far ahead every later Task renews the lease: the longest wait between two Tasks, with slack. */
  renewForSeconds?: number;
  reason: string;
}

export function makeAcquireLease({ adapters, clock }: TaskDeps) {
  return async function acquireLease(input: AcquireLeaseInput): Promise<AcquireLeaseOutput> {
    const { app, env, deploymentId } = input;
    const ttl = leaseSeconds(input.plan, input.scaleDownDelaySeconds) + input.marginSeconds;
    const receivedAt = input.push?.receivedAt ?? input.executionStartedAt ?? iso(clock.now());
    const closed = await outsideDeployGate(input, receivedAt);
    if (closed) return closed;
    const current = await adapters.lease.current(app, env);
    const grant = current && current.owner === deploymentId && current.expiresAt > clock.now() ? current : await adapters.lease.acquire(app, env, deploymentId, ttl);
    // An operator chose this commit, older than what is live or not: git order does not apply to it, and it does
    // not wait in the push queue (where git order would decide against it) — they run it again later.
    const requestedBy = input.push?.requestedBy;
    if (!grant && requestedBy) {
      const holder = await adapters.lease.current(app, env);
      return { decision: "skipped", reason: `Not deployed: ${holder?.owner ?? "another deployment"} holds the lease of ${app}/${env}, and an operator's ${requestedBy.kind} does not wait in the push queue; run it again once that deployment has ended` };
    }
    if (!grant) {
      const outdated = await outdatedPush(adapters.ledger, app, env, input.commit, receivedAt);
      if (outdated) return skip(input, outdated);
      const holder = await adapters.lease.current(app, env);
      const waits = input.concurrency === "supersede" && holder ? `; ${deploymentId} ${await supersede(input, holder)}` : "";
      return queue(input, receivedAt, `${holder?.owner ?? "another deployment"} holds the lease of ${app}/${env}${waits}`);
    }
    // With the lease held the live commit cannot change: an older commit than it, or than a push made on
    // top of this one, must not deploy (a late or out-of-order event).
    const outdated = requestedBy ? null : await outdatedPush(adapters.ledger, app, env, input.commit, receivedAt);
    if (outdated) {
      await adapters.lease.release(app, env, deploymentId, grant.fencingToken);
      await startPendingPush({ ledger: adapters.ledger, lease: adapters.lease, executions: adapters.executions, clock }, app, env);
      return skip(input, outdated);
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
        ...(input.fleet?.group ? { group: input.fleet.group.name } : {}),
        ...(live ? { previousLive: { commit: live.commit, imageId: live.imageId } } : {}),
        steps: [],
        outcome: "in_progress",
        startedAt: iso(clock.now()),
        ...(input.executionStartedAt ? { executionStartedAt: input.executionStartedAt } : {}),
        ...(requestedBy ? { requestedBy } : {}),
        ...(input.push?.promotedFrom ? { promotedFrom: input.push.promotedFrom } : {}),
      });
      await announce(adapters.events, lifecycleEventOf(DETAIL_TYPE.started, input, iso(clock.now()), {
        strategy: input.plan.strategy,
        steps: input.plan.steps.length,
        fromSlot: input.liveSlot,
        toSlot: input.idleSlot,
        ...(input.fleet?.group ? { group: input.fleet.group.name } : {}),
        previousCommit: live?.commit ?? null,
        ...(requestedBy ? { requestedBy: { kind: requestedBy.kind, by: requestedBy.by, reason: requestedBy.reason } } : {}),
      }));
    }
    if (await adapters.ledger.getPush(app, env, input.commit))
      await adapters.ledger.markPush(app, env, input.commit, "deploying", `${deploymentId} took the lease`, deploymentId);
    const superseded = input.concurrency === "supersede" ? await supersededBy(input) : undefined;
    return {
      decision: "deploy",
      owner: grant.owner,
      fencingToken: grant.fencingToken,
      expiresAt: grant.expiresAt,
      renewForSeconds: renewalSeconds(input.plan, input.scaleDownDelaySeconds),
      reason: `Took the lease of ${app}/${env} (fencing token ${grant.fencingToken}) for ${Math.round(ttl / 60)} minutes${superseded ? `, after superseding ${superseded.deploymentId}` : ""}${requestedBy ? ` for a ${requestedBy.kind} ${requestedBy.by} asked for: ${requestedBy.reason}` : ""}`,
    };
  };

  /**
   * Outside the env's deploy windows, or in a freeze: a push waits in the push queue until the gate opens (the
   * reconciler starts it then; I9), an operator's deployment or a promotion is refused with the reason unless it
   * overrides the freeze. A rollback is never held: putting a known release back is what a freeze allows.
   */
  async function outsideDeployGate(input: AcquireLeaseInput, receivedAt: string): Promise<AcquireLeaseOutput | null> {
    const gate = deployGate(clock.now(), input.windows ?? [], input.freeze ?? []);
    const requestedBy = input.push?.requestedBy;
    if (gate.open || requestedBy?.overrideFreeze || requestedBy?.kind === "rollback") return null;
    const { app, env, commit, deploymentId } = input;
    if (requestedBy) return { decision: "skipped", reason: `Not deployed: ${app}/${env} is ${gate.reason}; a ${requestedBy.kind} then needs --override-freeze --reason … (an emergency, recorded)` };
    const outdated = await outdatedPush(adapters.ledger, app, env, commit, receivedAt);
    if (outdated) return skip(input, outdated);
    const attempt = input.push?.attempt ?? 1;
    const pushInput = input.push ? { ...input.push } : { app, env, commit, receivedAt };
    const waitsFor = `waiting: ${app}/${env} is ${gate.reason}; started then by the reconciler`;
    const pending = { app, env, commit, attempt, receivedAt, input: pushInput, ...(gate.opensAt !== null ? { notBefore: gate.opensAt } : {}) };
    const queued = await queuePush(adapters.ledger, pending, deploymentId, waitsFor);
    if (!queued.queued) return { decision: "superseded", reason: `Not deployed: ${queued.reason}` };
    return { decision: "queued", reason: `Queued: ${queued.reason}` };
  }

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

  /** Ends this push without deploying: recorded as skipped, with the reason. */
  async function skip(input: AcquireLeaseInput, reason: string): Promise<AcquireLeaseOutput> {
    if (await adapters.ledger.getPush(input.app, input.env, input.commit))
      await adapters.ledger.markPush(input.app, input.env, input.commit, "skipped", reason, input.deploymentId);
    return { decision: "skipped", reason: `Skipped: ${reason}` };
  }

  /**
   * Puts the push in the ledger's queue and ends the execution: whoever releases the lease starts it again.
   * The lease may have been released while this push queued, and then nobody would: so look once more.
   */
  async function queue(input: AcquireLeaseInput, receivedAt: string, held: string): Promise<AcquireLeaseOutput> {
    const { app, env, commit, deploymentId } = input;
    const attempt = input.push?.attempt ?? 1;
    const pushInput = input.push ? { ...input.push } : { app, env, commit, receivedAt };
    const queued = await queuePush(adapters.ledger, { app, env, commit, attempt, receivedAt, input: pushInput }, deploymentId);
    if (!queued.queued) return { decision: "superseded", reason: `Not deployed: ${held}; ${queued.reason}` };
    const started = await startPendingPush({ ledger: adapters.ledger, lease: adapters.lease, executions: adapters.executions, clock }, app, env);
    return { decision: "queued", reason: `Queued: ${held}; ${queued.reason}${started ? ` (the lease was released meanwhile: ${started})` : ""}` };
  }

  /** The deployment this one stopped, if any: the recent record whose supersede signal names it. */
  async function supersededBy(input: AcquireLeaseInput): Promise<DeploymentRecord | undefined> {
    const recent = await adapters.ledger.listDeployments(input.app, input.env, 5);
    return recent.find(({ control }) => control?.kind === "supersede" && control.by === input.deploymentId);
  }
}

export const task = defineTask(makeAcquireLease, acquireLeaseInput);
