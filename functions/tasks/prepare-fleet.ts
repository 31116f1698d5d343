// "Prepare the idle fleet": brings the idle slot's fleet up on the new image (it serves no traffic yet).
import * as z from "zod";
import type { SlotName } from "../core/config.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { fleetFor, groupOf, type FleetConfig } from "../task-support/fleet-of.ts";
import { deploymentRef, slotName } from "../task-support/inputs.ts";

export const prepareFleetInput = deploymentRef.extend({
  fleet: z.custom<FleetConfig>((value) => typeof value === "object" && value !== null && "slots" in value, "must be a fleet config"),
  slot: slotName,
  imageId: z.string().min(1),
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
  return async function prepareFleet({ deploymentId, fleet, slot, imageId }: PrepareFleetInput): Promise<FleetProgress> {
    const group = groupOf(fleet, slot);
    const { ref } = await fleetFor(adapters, fleet).deploy({
      group,
      imageId,
      capacity: fleet.capacity,
      reference: deploymentId,
      ...(fleet.launchTemplateId ? { launchTemplateId: fleet.launchTemplateId } : {}),
      ...(fleet.application ? { application: fleet.application } : {}),
    });
    return {
      provider: fleet.provider,
      slot,
      group,
      ref,
      ready: false,
      startedAt: clock.now(),
      reason: `Bringing ${group} (slot ${slot}) up on ${imageId} with ${fleet.capacity} instances`,
    };
  };
}

export const task = defineTask(makePrepareFleet, prepareFleetInput);
