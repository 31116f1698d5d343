// A fleet has one of two shapes: two slots behind weighted traffic (a new version goes to the idle slot and
// traffic moves), or one Auto Scaling group (a new version replaces the group's instances). Which strategies
// each shape can run, and the accessors code of one shape uses to read its half of the fleet config.
import { ConfigInvalidError } from "../errors.ts";
import type { Config } from "./config.ts";

type FleetConfig = Config["fleet"];
type StrategyKind = Config["strategy"]["kind"];
export type FleetShape = "slots" | "group";

/** What each shape can run: traffic movers on two slots, instance replacement on one group. */
export const STRATEGIES_BY_SHAPE: Record<FleetShape, readonly StrategyKind[]> = {
  slots: ["allAtOnce", "blueGreen", "canary", "linear", "abTest"],
  group: ["rolling", "canary", "immutable", "allAtOnce"],
};

/** Example: `fleetShape({ group: { name: "web", endpoint: "…" }, … })` → `"group"`. */
export const fleetShape = (fleet: Pick<FleetConfig, "group">): FleetShape => (fleet.group ? "group" : "slots");

/**
 * The two slots of a slot-shaped fleet. Code on the slot path calls this; a group-shaped config reaching it
 * is a config the slot path was never meant to get, named as such.
 * Example: `slotsOf(config.fleet).a.group` → `"shop-api-prod-a"`.
 */
export function slotsOf(fleet: Pick<FleetConfig, "slots">): NonNullable<FleetConfig["slots"]> {
  if (!fleet.slots) throw new ConfigInvalidError(["fleet.slots: is required here (this path runs two-slot fleets; the config has fleet.group)"]);
  return fleet.slots;
}

/**
 * What a live record says about the fleet beyond its slot: on one group, the group's name (the slot there is
 * only the placeholder `a`); nothing on two slots, whose slot is the whole story.
 * Example: `groupOfFleet({ group: { name: "web", … } })` → `{ group: "web" }`; two slots → `{}`.
 */
export const groupOfFleet = (fleet: Pick<FleetConfig, "group">): { group?: string } => (fleet.group ? { group: fleet.group.name } : {});
