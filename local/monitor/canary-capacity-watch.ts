// I10 on the hot path, for a canary whose new fleet starts smaller than the live one (strategy.canaryScale):
// no slot gets a larger share of traffic than its InService instances are of the full fleet (the larger of
// the two groups' desired capacity), so no step overloads a small canary. The traffic share is the larger of
// what the mover holds and what resolvers are sent by (a shift up counts from when it is written). No margin
// here: the plan keeps CANARY_HEADROOM below this line (functions/core/canary-scale.ts); the monitor checks
// the line itself. Only in-memory sim state is read, as the traffic watch does.
import type { SlotName } from "../../functions/core/config.ts";
import type { Simulator } from "../sim/index.ts";
import type { WatchedApp } from "./traffic-watch.ts";
import type { ViolationLog } from "./violation-log.ts";

const SLOTS: SlotName[] = ["a", "b"];
/** Shares are ratios of whole numbers: a hair of float error is not an overload. */
const EPSILON = 1e-9;

export class CanaryCapacityWatch {
  constructor(
    private readonly sim: Simulator,
    private readonly watched: Pick<WatchedApp, "weights" | "groups" | "mover">,
    private readonly log: ViolationLog,
  ) {}

  check(now: number): void {
    const capacity = { a: this.sim.autoscaling.capacityOf(this.watched.groups.a), b: this.sim.autoscaling.capacityOf(this.watched.groups.b) };
    const full = Math.max(capacity.a?.desired ?? 0, capacity.b?.desired ?? 0);
    const shares = trafficShares(this.watched.weights.authoritative(), this.watched.weights.served());
    if (full === 0 || !shares) return;
    this.log.checked();
    for (const slot of SLOTS) {
      const key = `I10 slot ${slot}`;
      const inService = capacity[slot]?.inService ?? 0;
      if (shares[slot] > inService / full + EPSILON)
        this.log.holds(key, "I10", now, () => {
          const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
          return `slot ${slot} gets ${percent(shares[slot])} of traffic (${this.watched.mover}), but auto scaling group ${this.watched.groups[slot]} has ${inService} InService of the full fleet's ${full} (${percent(inService / full)} of its capacity)`;
        });
      else this.log.clears(key, now);
    }
  }
}

/**
 * Each slot's share of traffic: the larger of its authoritative and its served share; null while no weight
 * is above 0 (I2's case: the even split of all-zero weights is reported there).
 * Example: authoritative a=128 b=127, served a=26 b=229 → `{ a: 0.502, b: 0.898 }`.
 */
function trafficShares(authoritative: Record<SlotName, number | null>, served: Record<SlotName, number | null>): Record<SlotName, number> | null {
  const shareOf = (weights: Record<SlotName, number | null>, slot: SlotName) => {
    const total = (weights.a ?? 0) + (weights.b ?? 0);
    return total > 0 ? (weights[slot] ?? 0) / total : 0;
  };
  const any = (weights: Record<SlotName, number | null>) => (weights.a ?? 0) + (weights.b ?? 0) > 0;
  if (!any(authoritative) && !any(served)) return null;
  return { a: Math.max(shareOf(authoritative, "a"), shareOf(served, "a")), b: Math.max(shareOf(authoritative, "b"), shareOf(served, "b")) };
}
