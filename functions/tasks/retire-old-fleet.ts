// "Retire the old fleet": after scaleDownDelay, scales the previously live fleet to zero — unless the ledger
// says it is live again (a later deployment or a manual flip), which would take down serving capacity — and
// then retires the app/env's old images (image.keep). When the slot is live again because the circuit breaker
// rolled back after promotion, the fleet to retire is the new one: this fails with the breaker's signal, and
// the rollback path drains the new fleet and scales it down. Retention runs here rather than in Promote: by
// now the late-rollback window has closed and Promote stays a quick fenced write; this execution still holds
// the lease, so no other deployment of the app/env is baking. Before scaling down it records the `retire`
// control signal, which closes the late-rollback window for good (first signal stands).
import * as z from "../core/zod-mini.ts";
import type { ControlSignal } from "../core/model.ts";
import { errorOfControl } from "../task-support/deployment-guard.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { fleetFor, groupOf, type FleetConfig } from "../task-support/fleet-of.ts";
import { retireOldImages, type ImageRetentionResult } from "../task-support/image-retention.ts";
import { deploymentRef, iso, slotName } from "../task-support/inputs.ts";

export const retireOldFleetInput = z.extend(deploymentRef, {
  fleet: z.custom<FleetConfig>((value) => typeof value === "object" && value !== null && ("slots" in value || "group" in value), "must be a fleet config"),
  slot: slotName,
  /** Config `image.keep`: how many of the newest images retention keeps. */
  keep: z.number().check(z.int(), z.gte(1)),
});
export type RetireOldFleetInput = z.output<typeof retireOldFleetInput>;
export interface RetireOldFleetOutput {
  retired: boolean;
  group: string;
  images: ImageRetentionResult;
  reason: string;
}

export function makeRetireOldFleet({ adapters, clock }: TaskDeps) {
  return async function retireOldFleet({ app, env, deploymentId, fleet, slot, keep }: RetireOldFleetInput): Promise<RetireOldFleetOutput> {
    if (fleet.group) {
      // One group: the refresh replaced the old instances already; nothing is kept warm, nothing scales down.
      const images = await retireOldImages({ adapters }, { app, env, fleet, keep });
      return { retired: false, group: fleet.group.name, images, reason: `Kept ${fleet.group.name}: one group, its old instances already replaced; ${images.reason}` };
    }
    const group = groupOf(fleet, slot);
    const live = await adapters.ledger.getLive(app, env);
    const retired = live?.liveSlot !== slot;
    if (!retired) {
      const control = (await adapters.ledger.getDeployment(app, env, deploymentId))?.control;
      if (control) throw errorOfControl(control);
    } else {
      // Claim the deployment's one control signal before scaling down: a late rollback (the breaker, or
      // `glidepath rollback`) that read the live slot before this could otherwise make the old release live on
      // a fleet going to zero. Whichever signal is recorded first stands; if it is a rollback's, it goes on.
      const signal: ControlSignal = { kind: "retire", by: deploymentId, at: iso(clock.now()), reason: `scaleDownDelay has passed: ${group} (slot ${slot}) scales down, so a rollback is now a redeploy` };
      const standing = await adapters.ledger.recordControl(app, env, deploymentId, signal);
      if (standing.kind !== "retire") throw errorOfControl(standing);
      await fleetFor(adapters, fleet).scaleDown(group, fleet.application ? { application: fleet.application } : {});
    }
    const images = await retireOldImages({ adapters }, { app, env, fleet, keep });
    const fleetReason = retired ? `Scaled ${group} (slot ${slot}) down to zero` : `Kept ${group}: slot ${slot} is live`;
    return { retired, group, images, reason: `${fleetReason}; ${images.reason}` };
  };
}

export const task = defineTask(makeRetireOldFleet, retireOldFleetInput);
