// Drain before shrink: the one rule every path that moves traffic away from a fleet follows before scaling
// that fleet down (rollback, breaker follow-up, late rollback, cleanup, supersede, retire, reconciler).
// Route 53 serves a weight change only once it is INSYNC, and resolvers keep the answer they cached for up
// to the record's TTL after that: a fleet still gets traffic until both have passed.
import type { SlotName } from "./config.ts";

/** What a caller knows about the fleet's slot and the change that took its traffic away. */
export interface DrainEvidence {
  /** The slot's authoritative weight now (0–255); null when it could not be read. */
  weight: number | null;
  /** The Route 53 change that set it to 0: its id, and when it was first seen INSYNC (epoch ms; null: not yet). */
  change: { id: string; insyncAt: number | null } | null;
  /** The record's TTL, seconds. */
  ttlSeconds: number;
  /** Epoch ms. */
  now: number;
}

export type DrainVerdict =
  | { kind: "drained"; reason: string }
  /** Route 53 still sends it traffic (or its weight is unknown): never scale it down. */
  | { kind: "serving"; reason: string }
  /** Poll the change until INSYNC, then wait `ttlSeconds`. */
  | { kind: "waitForSync"; changeId: string; reason: string }
  /** INSYNC, but resolvers may still hold the old answer for `waitSeconds` more. */
  | { kind: "waitForCaches"; waitSeconds: number; reason: string };

/**
 * May the fleet be scaled down now? Drained means: weight 0, the change that made it 0 INSYNC, and one TTL
 * passed since. A weight of 0 with no known change (traffic never reached the slot, or moved long ago and
 * the caller vouches for it by passing `change: null`) is drained.
 * Example: `drainVerdict({ weight: 0, change: { id: "C1", insyncAt: 1_000_000 }, ttlSeconds: 60, now: 1_030_000 })`
 * → `{ kind: "waitForCaches", waitSeconds: 30, … }`; at `now: 1_060_000` → `{ kind: "drained", … }`.
 */
export function drainVerdict({ weight, change, ttlSeconds, now }: DrainEvidence): DrainVerdict {
  if (weight === null) return { kind: "serving", reason: "its weight could not be read, so it may still serve" };
  if (weight > 0) return { kind: "serving", reason: `Route 53 still gives it weight ${weight}` };
  if (!change) return { kind: "drained", reason: "it has weight 0 and no change is in flight" };
  if (change.insyncAt === null) return { kind: "waitForSync", changeId: change.id, reason: `change ${change.id} that took its traffic away is not INSYNC yet` };
  const drainedAt = change.insyncAt + ttlSeconds * 1000;
  if (now >= drainedAt) return { kind: "drained", reason: `change ${change.id} was INSYNC and one TTL (${ttlSeconds} s) has passed` };
  return { kind: "waitForCaches", waitSeconds: Math.ceil((drainedAt - now) / 1000), reason: `resolvers may cache the old answer for ${Math.ceil((drainedAt - now) / 1000)} s more (TTL ${ttlSeconds} s)` };
}

/** How a state machine drains a slot: poll this change (if any) to INSYNC, then wait this many seconds. */
export interface DrainPlan {
  changeId: string | null;
  waitSeconds: number;
  reason: string;
}

/**
 * The waits between moving traffic away from `slot` and scaling its fleet down, for a caller that runs
 * them as states (poll the change to INSYNC, then a Wait). `change` is the change that moved the traffic,
 * whoever wrote it (this execution, or the circuit breaker before it). On Route 53 a slot that may have had
 * traffic without a known change (`hadTraffic`) waits one TTL plus the usual propagation bound. An ALB's move
 * is in effect when ModifyListener/ModifyRule returns and no resolver caches the split: nothing to wait for.
 * Example: `drainPlan({ slot: "a", changeId: "C1", hadTraffic: true, ttlSeconds: 60 })`
 * → `{ changeId: "C1", waitSeconds: 60, … }`; no change and no traffic → `{ changeId: null, waitSeconds: 0 }`;
 * `mover: "alb"` → `{ changeId: null, waitSeconds: 0, … }`.
 */
export function drainPlan({
  slot,
  changeId,
  hadTraffic,
  ttlSeconds,
  mover = "route53",
}: {
  slot: SlotName;
  changeId: string | null;
  hadTraffic: boolean;
  ttlSeconds: number;
  /** Who moved the traffic (config `traffic.kind`). */
  mover?: "route53" | "alb";
}): DrainPlan {
  if (!changeId && !hadTraffic) return { changeId: null, waitSeconds: 0, reason: `slot ${slot} never had traffic: nothing to drain` };
  if (mover === "alb") return { changeId: null, waitSeconds: 0, reason: `slot ${slot} drained: the ALB applied ${changeId ? `change ${changeId}` : "the move"} at once, and no resolver caches its split` };
  if (changeId) return { changeId, waitSeconds: ttlSeconds, reason: `drain slot ${slot}: change ${changeId} INSYNC, then one TTL (${ttlSeconds} s)` };
  const waitSeconds = ttlSeconds + ROUTE53_PROPAGATION_BOUND_SECONDS;
  return { changeId: null, waitSeconds, reason: `drain slot ${slot}: the change that moved its traffic is unknown, so wait propagation and one TTL (${waitSeconds} s)` };
}

/** Route 53 changes are normally INSYNC within 60 s; twice that bounds a change whose id was lost. */
export const ROUTE53_PROPAGATION_BOUND_SECONDS = 120;

/**
 * How long after a lost change traffic may still be moving, by mover: Route 53's propagation bound, or 0 for an
 * ALB, whose ModifyListener/ModifyRule is in effect when it returns. Example: `propagationBoundSeconds("alb")` → 0.
 */
export const propagationBoundSeconds = (kind: "route53" | "alb"): number => (kind === "alb" ? 0 : ROUTE53_PROPAGATION_BOUND_SECONDS);
