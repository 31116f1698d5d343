// The one reading of `{slot}` and `{fleet}` in a configured alarm name, shared by the bake judge, the circuit
// breaker, the operator views and the sandbox, so a per-fleet alarm means the same fleet everywhere.
import type { Config } from "./config.ts";
import type { SlotName } from "./slots.ts";

/** The slot receiving the new version: `a` or `b`. Two slots only (config-rules refuses it on one group). */
const SLOT_PLACEHOLDER = "{slot}";
/** The fleet receiving the new version by its configured name: the slot's group, or the one group. */
const FLEET_PLACEHOLDER = "{fleet}";

/** What names the fleets: two slots' groups, or one group. */
export type FleetNames = Pick<Config["fleet"], "slots" | "group">;

/**
 * The CloudWatch alarm a configured alarm name denotes when `slot` receives the new version: every `{slot}`
 * becomes that slot, every `{fleet}` that slot's group (on one group, the group's name, whatever `slot` the
 * ledger holds), and a name with neither is an alarm shared by both slots, returned as it is.
 * Examples: `alarmNameFor("shop-api-prod-{slot}-5xx", "b", fleet)` → `"shop-api-prod-b-5xx"`;
 * `alarmNameFor("{fleet}-5xx", "a", { group: { name: "shop-api-web", … } })` → `"shop-api-web-5xx"`.
 */
export function alarmNameFor(name: string, slot: SlotName, fleet: FleetNames): string {
  return name.replaceAll(SLOT_PLACEHOLDER, slot).replaceAll(FLEET_PLACEHOLDER, fleetNameOf(fleet, slot));
}

/** The configured name of the fleet `slot` stands for: `fleet.slots.<slot>.group`, or `fleet.group.name`. */
function fleetNameOf(fleet: FleetNames, slot: SlotName): string {
  return fleet.group?.name ?? fleet.slots?.[slot].group ?? slot;
}

/** Whether a configured alarm name is per fleet (one CloudWatch alarm for each slot's fleet, or the group's). */
export const isPerFleet = (name: string): boolean => name.includes(SLOT_PLACEHOLDER) || name.includes(FLEET_PLACEHOLDER);

/** Whether a configured alarm name says `{slot}`, which one group (no slots) cannot honestly expand. */
export const namesASlot = (name: string): boolean => name.includes(SLOT_PLACEHOLDER);
