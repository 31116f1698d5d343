// "Prepare the idle fleet": brings the idle slot's fleet up on the new image (it serves no traffic yet). A slot
// that lost its traffic moments ago (the deployment before this one was aborted or rolled back, or a manual
// redeploy skipped the bake that would have taken minutes) may still get cached traffic: replacing its
// instances then would send users to a fleet with none InService (I2), so it fails with DrainPendingError and
// the state machine tries again once resolvers have moved on.
import * as z from "../core/zod-mini.ts";
import type { SlotName } from "../core/config.ts";
import { slotDrainedAt } from "../core/idle-drain.ts";
import { propagationBoundSeconds } from "../core/drain.ts";
import { DrainPendingError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { fleetFor, groupOf, type FleetConfig } from "../task-support/fleet-of.ts";
import { deploymentRef, slotName } from "../task-support/inputs.ts";
import { describeMirror } from "../task-support/policy-mirror.ts";

export const prepareFleetInput = z.extend(deploymentRef, {
  fleet: z.custom<FleetConfig>((value) => typeof value === "object" && value !== null && "slots" in value, "must be a fleet config"),
  slot: slotName,
  imageId: z.string().check(z.minLength(1)),
  /** The weighted record's TTL (config `traffic.ttl`): how long resolvers keep an answer. */
  ttlSeconds: z._default(z.number().check(z.int(), z.gte(0)), 0),
  /** Config `traffic.kind`: an ALB's moves need no propagation bound. */
  trafficKind: z._default(z.enum(["route53", "alb"]), "route53"),
  /** The compiled plan: with canaryScale, the new fleet starts at that share of the live fleet's size. */
  plan: z.optional(z.object({ canaryScale: z.optional(z.object({ percent: z.number().check(z.gt(0), z.lte(100)) })) })),
});
export type PrepareFleetInput = z.output<typeof prepareFleetInput>;

/** Progress of the idle fleet, carried between Check idle fleet polls; its presence means "we prepared it". */
export interface FleetProgress {
  provider: FleetConfig["provider"];
  slot: SlotName;
  group: string;
  ref: string;
  ready: boolean;
  startedAt: number;
  reason: string;
}

export function makePrepareFleet({ adapters, clock }: TaskDeps) {
  return async function prepareFleet({ app, env, deploymentId, fleet, slot, imageId, ttlSeconds, trafficKind, plan }: PrepareFleetInput): Promise<FleetProgress> {
    const group = groupOf(fleet, slot);
    const previous = (await adapters.ledger.listDeployments(app, env, 2)).find((record) => record.deploymentId !== deploymentId);
    const drainedAt = previous ? slotDrainedAt(previous, slot, ttlSeconds, propagationBoundSeconds(trafficKind)) : null;
    if (drainedAt !== null && clock.now() < drainedAt)
      throw new DrainPendingError(
        `slot ${slot} had traffic until ${previous!.deploymentId} ended (${previous!.outcome}) at ${previous!.endedAt ?? previous!.startedAt}; resolvers may send it cached traffic until ${new Date(drainedAt).toISOString()}, so ${group} is not replaced before then`,
      );
    const liveGroup = groupOf(fleet, slot === "a" ? "b" : "a");
    const scalePercent = plan?.canaryScale?.percent;
    const { ref, size, scalingPolicies } = await fleetFor(adapters, fleet).deploy({
      group,
      imageId,
      capacity: fleet.capacity,
      sizeFrom: liveGroup,
      ...(scalePercent !== undefined ? { scalePercent } : {}),
      reference: deploymentId,
      ...(fleet.launchTemplateId ? { launchTemplateId: fleet.launchTemplateId } : {}),
      ...(fleet.application ? { application: fleet.application } : {}),
      ...(fleet.revision ? { revision: fleet.revision } : {}),
    });
    const policies = scalingPolicies ? describeMirror(scalingPolicies) : "";
    return {
      provider: fleet.provider,
      slot,
      group,
      ref,
      ready: false,
      startedAt: clock.now(),
      reason:
        (size
          ? scalePercent !== undefined
            ? `Bringing ${group} (slot ${slot}) up on ${imageId} at ${scalePercent}% of ${liveGroup}'s size (canaryScale): ${size.desired} instances (min ${size.min}, max ${size.max})`
            : `Bringing ${group} (slot ${slot}) up on ${imageId} sized like ${liveGroup}: ${size.desired} instances (min ${size.min}, max ${size.max})`
          : `Bringing ${group} (slot ${slot}) up on ${imageId} with ${fleet.capacity} instances`) + (policies ? `; ${policies}` : ""),
    };
  };
}

export const task = defineTask(makePrepareFleet, prepareFleetInput);
