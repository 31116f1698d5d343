// Picks the Fleet port for a config's provider and names a slot's group.
import type { Config, SlotName } from "../core/config.ts";
import type { Fleet } from "../adapters/ports.ts";
import type { TaskAdapters } from "./deps.ts";
import { slotsOf } from "../core/fleet-shape.ts";

export type FleetConfig = Config["fleet"];

export function fleetFor(adapters: TaskAdapters, fleet: Pick<FleetConfig, "provider">): Fleet {
  return fleet.provider === "codedeploy" ? adapters.fleets.codedeploy : adapters.fleets.autoscaling;
}

export const groupOf = (fleet: FleetConfig, slot: SlotName): string => slotsOf(fleet)[slot].group;
