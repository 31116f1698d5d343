// "Check the idle fleet": polls the idle fleet until its instances are in service.
import { SETUP_DEADLINES } from "../core/lease-budget.ts";
import * as z from "../core/zod-mini.ts";
import { FleetNotHealthyError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { slotName } from "../task-support/inputs.ts";
import type { FleetProgress } from "./prepare-fleet.ts";
import { fleetFor } from "../task-support/fleet-of.ts";

export const FLEET_DEADLINE_SECONDS = SETUP_DEADLINES.fleetSeconds;

export const checkFleetInput = z.object({
  fleet: z.object({
    provider: z.enum(["autoscaling", "codedeploy"]),
    slot: slotName,
    group: z.string().check(z.minLength(1)),
    ref: z.string(),
    ready: z.boolean(),
    startedAt: z.number(),
    reason: z.optional(z.string()),
  }),
});
export type CheckFleetInput = z.output<typeof checkFleetInput>;

export function makeCheckFleet({ adapters, clock }: TaskDeps) {
  return async function checkFleet({ fleet }: CheckFleetInput): Promise<FleetProgress> {
    const status = await fleetFor(adapters, fleet).status({ group: fleet.group, ref: fleet.ref });
    if (status.failed) throw new FleetNotHealthyError(`${fleet.group} (slot ${fleet.slot}) failed to come up: ${status.reason}`);
    const waited = Math.round((clock.now() - fleet.startedAt) / 1000);
    if (!status.ready && waited > FLEET_DEADLINE_SECONDS)
      throw new FleetNotHealthyError(`${fleet.group} (slot ${fleet.slot}) is not ready after ${waited}s: ${status.inService}/${status.desired} in service`);
    return {
      ...fleet,
      ready: status.ready,
      reason: status.ready
        ? `${fleet.group} (slot ${fleet.slot}) is ready: ${status.inService}/${status.desired} in service`
        : `${fleet.group} (slot ${fleet.slot}) is coming up: ${status.inService}/${status.desired} in service`,
    };
  };
}

export const task = defineTask(makeCheckFleet, checkFleetInput);
