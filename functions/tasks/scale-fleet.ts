// "Scale the new fleet": a canary whose new fleet started smaller than the live one (config
// `strategy.canaryScale`) takes it to the plan step's share of the live fleet's size (100: its full size,
// desired, min and max, as Prepare the idle fleet sizes a fleet without canaryScale). The Rollout then polls
// it with Check the idle fleet until every instance is InService, before any later shift sends it more
// traffic: a step never overloads a small canary (core/canary-scale.ts).
import type * as z from "../core/zod-mini.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { guardDeployment } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { fleetFor, groupOf } from "../task-support/fleet-of.ts";
import { iso, stepInput } from "../task-support/inputs.ts";
import type { FleetProgress } from "./prepare-fleet.ts";

export const scaleFleetInput = stepInput;
export type ScaleFleetInput = z.output<typeof scaleFleetInput>;

export function makeScaleFleet({ adapters, clock }: TaskDeps) {
  return async function scaleFleet({ deployment, step, index }: ScaleFleetInput): Promise<FleetProgress> {
    if (step.kind !== "scaleFleet") throw new InvalidTaskInputError(`Scale the new fleet got a ${step.kind} step`);
    const { app, env, deploymentId, config, idleSlot, liveSlot } = deployment;
    await guardDeployment({ adapters, clock }, deployment);
    const { fleet } = config;
    const group = groupOf(fleet, idleSlot);
    const liveGroup = groupOf(fleet, liveSlot);
    // The group already launches this deployment's version (Prepare the idle fleet put it there): only its size changes.
    const { ref, size } = await fleetFor(adapters, fleet).resize({ group, sizeFrom: liveGroup, percent: step.percent });
    const reason = size
      ? `Scaling ${group} (slot ${idleSlot}) to ${step.percent}% of ${liveGroup}'s size: ${size.desired} instances (min ${size.min}, max ${size.max})`
      : `Scaling ${group} (slot ${idleSlot}): ${liveGroup} runs no instances to size it from, so it stays at ${fleet.capacity}`;
    // In the ledger (progress, glidepath status), not as a lifecycle event: that would bring the EventBridge
    // client into a Lambda otherwise under 300 KB, for a step that moves no traffic.
    const now = iso(clock.now());
    await adapters.ledger.appendStep(app, env, deploymentId, { index, kind: "scaleFleet", reason, startedAt: now, endedAt: now });
    return { provider: fleet.provider, slot: idleSlot, group, ref, ready: false, startedAt: clock.now(), reason };
  };
}

export const task = defineTask(makeScaleFleet, scaleFleetInput);
