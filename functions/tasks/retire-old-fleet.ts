// "Retire the old fleet": after scaleDownDelay, scales the previously live fleet to zero — unless the ledger
// says it is live again (a later deployment or a manual flip), which would take down serving capacity.
// When it is live again because the circuit breaker rolled back after promotion, the fleet to retire is the
// new one: this fails with the breaker's signal, and the rollback path drains the new fleet and scales it down.
import * as z from "zod";
import { describeControl } from "../core/control.ts";
import { AlarmTriggeredError, DeploymentStoppedError } from "../errors.ts";
import type { TaskDeps } from "../task-support/deps.ts";
import { fleetFor, groupOf, type FleetConfig } from "../task-support/fleet-of.ts";
import { deploymentRef, slotName } from "../task-support/inputs.ts";
import { taskHandler } from "../shell/task-handler.ts";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { fromFleets } from "../adapters/env/fleets.ts";
import { depsFromEnv } from "../shell/deps-from-env.ts";

export const retireOldFleetInput = deploymentRef.extend({
  fleet: z.custom<FleetConfig>((value) => typeof value === "object" && value !== null && "slots" in value, "must be a fleet config"),
  slot: slotName,
});
export type RetireOldFleetInput = z.output<typeof retireOldFleetInput>;
export interface RetireOldFleetOutput {
  retired: boolean;
  group: string;
  reason: string;
}

export function makeRetireOldFleet({ adapters }: TaskDeps) {
  return async function retireOldFleet({ app, env, deploymentId, fleet, slot }: RetireOldFleetInput): Promise<RetireOldFleetOutput> {
    const group = groupOf(fleet, slot);
    const live = await adapters.ledger.getLive(app, env);
    if (live?.liveSlot === slot) {
      const control = (await adapters.ledger.getDeployment(app, env, deploymentId))?.control;
      if (control) throw control.kind === "circuitBreaker" ? new AlarmTriggeredError(describeControl(control)) : new DeploymentStoppedError(describeControl(control));
      return { retired: false, group, reason: `Kept ${group}: slot ${slot} is live` };
    }
    await fleetFor(adapters, fleet).scaleDown(group, fleet.application ? { application: fleet.application } : {});
    return { retired: true, group, reason: `Scaled ${group} (slot ${slot}) down to zero` };
  };
}

export const handler = taskHandler(makeRetireOldFleet, retireOldFleetInput, depsFromEnv(fromDynamoDb, fromFleets));
