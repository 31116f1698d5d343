// Picks the Fleet port for a config's provider and names a slot's group.
import type { Config, SlotName } from "../core/config.ts";
import type { Fleet } from "../adapters/ports.ts";
import type { TaskAdapters } from "./deps.ts";
import { slotsOf } from "../core/fleet-shape.ts";

export type FleetConfig = Config["fleet"];

export function fleetFor(adapters: Pick<TaskAdapters, "fleets">, fleet: Pick<FleetConfig, "provider">): Fleet {
  return fleet.provider === "codedeploy" ? adapters.fleets.codedeploy : adapters.fleets.autoscaling;
}

export const groupOf = (fleet: FleetConfig, slot: SlotName): string => slotsOf(fleet)[slot].group;

/** Every group the fleet runs, named for a reason: both slots' groups, or the one group. */
export const groupsOf = (fleet: FleetConfig): Array<{ label: string; group: string }> =>
  fleet.group ? [{ label: `group ${fleet.group.name}`, group: fleet.group.name }] : (["a", "b"] as const).map((slot) => ({ label: `slot ${slot}`, group: groupOf(fleet, slot) }));
