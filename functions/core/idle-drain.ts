// Drain before reuse: a slot that just lost its traffic (a deployment to it was aborted or rolled back, or it
// was live until a promotion) may still get requests from resolvers that cached it, so the next deployment
// must not replace its instances until that has passed — the same rule as drain before shrink (drain.ts).
import type { SlotName } from "./config.ts";
import { ROUTE53_PROPAGATION_BOUND_SECONDS } from "./drain.ts";
import type { DeploymentRecord } from "./model.ts";

/**
 * When (epoch ms) resolvers can no longer send `slot` traffic that `previous` gave it, or null when `previous`
 * never gave it any. The change that took it away is not known here, so its INSYNC is bounded by Route 53's
 * usual propagation, then one TTL — counted from when `previous` ended, which is after that change was made.
 * Example: v2 aborted at 12:00:00 with slot a at 10%, TTL 60 s → 12:00:00 + 120 s + 60 s = 12:03:00.
 */
export function slotDrainedAt(
  previous: Pick<DeploymentRecord, "steps" | "endedAt" | "startedAt">,
  slot: SlotName,
  ttlSeconds: number,
  /** The mover's propagation bound (drain.ts propagationBoundSeconds): 0 on an ALB. */
  boundSeconds = ROUTE53_PROPAGATION_BOUND_SECONDS,
): number | null {
  const hadTraffic = previous.steps.some((step) => (step.weights?.[slot] ?? 0) > 0);
  if (!hadTraffic) return null;
  const endedAt = Date.parse(previous.endedAt ?? previous.startedAt);
  return endedAt + (boundSeconds + ttlSeconds) * 1000;
}
