// The one reading of `{slot}` in a configured alarm name, shared by the bake judge, the circuit breaker and
// the sandbox, so a per-slot alarm means the same fleet everywhere.
import type { SlotName } from "./config.ts";

/** The placeholder a per-slot alarm name carries. */
const SLOT_PLACEHOLDER = "{slot}";

/**
 * The CloudWatch alarm a configured alarm name denotes when `slot` receives the new version: every `{slot}`
 * becomes that slot, and a name without one is an alarm shared by both slots, returned as it is.
 * Example: `alarmNameFor("shop-api-prod-{slot}-5xx", "b")` → `"shop-api-prod-b-5xx"`.
 */
export function alarmNameFor(name: string, slot: SlotName): string {
  return name.replaceAll(SLOT_PLACEHOLDER, slot);
}

/** Whether a configured alarm name is per slot (one CloudWatch alarm for each slot's fleet). */
export const isPerSlot = (name: string): boolean => name.includes(SLOT_PLACEHOLDER);
