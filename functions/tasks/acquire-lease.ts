// "Acquire lease": one deployment per app/env at a time. Records the deployment (with its plan) in the
// ledger once the lease is ours. Idempotent: a Lambda retry finds the lease already held by this execution.
import * as z from "zod";
import type { Plan } from "../core/model.ts";
import { LeaseHeldError, SlotsChangedError } from "../errors.ts";
import type { TaskDeps } from "./deps.ts";
import { deploymentRef, iso, slotName } from "./inputs.ts";
import { taskHandler } from "./task-handler.ts";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { depsFromEnv } from "../adapters/env/task-deps.ts";

export const acquireLeaseInput = deploymentRef.extend({
  commit: z.string().min(1),
  configVersion: z.number().int(),
  plan: z.custom<Plan>((value) => typeof value === "object" && value !== null && Array.isArray((value as Plan).steps), "must be a plan"),
  liveSlot: slotName,
  idleSlot: slotName,
  /** Extra seconds on top of the plan's own duration, for image bake, fleet start and polling. */
  marginSeconds: z.number().int().nonnegative().default(2 * 3600),
  scaleDownDelaySeconds: z.number().int().nonnegative().default(0),
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
      const holder = (await adapters.lease.current(app, env))?.owner ?? "another deployment";
      throw new LeaseHeldError(`${holder} holds the lease of ${app}/${env}; ${deploymentId} waits its turn`);
    }
    // While this push waited, the deployment ahead of it may have promoted: its idle slot is live now.
    const liveSlot = (await adapters.ledger.getLive(app, env))?.liveSlot ?? "a";
    if (liveSlot !== input.liveSlot)
      throw new SlotsChangedError(`slot ${liveSlot} of ${app}/${env} became live while ${deploymentId} waited for the lease; checking again`);
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
        steps: [],
        outcome: "in_progress",
        startedAt: iso(clock.now()),
      });
    }
    return {
      owner: grant.owner,
      fencingToken: grant.fencingToken,
      expiresAt: grant.expiresAt,
      reason: `Took the lease of ${app}/${env} (fencing token ${grant.fencingToken}) for ${Math.round(ttl / 60)} minutes`,
    };
  };
}

export const handler = taskHandler(makeAcquireLease, acquireLeaseInput, depsFromEnv(fromDynamoDb));
