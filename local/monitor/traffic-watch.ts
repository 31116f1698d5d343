// I2 on the hot path: at every call and every clock step, does any slot that can receive traffic have a
// fleet with no InService instance? A slot receives traffic when its authoritative weight is above 0 (Route
// 53's records, or the ALB listener's forward action), when clients are sent by a weight above 0 (Route 53:
// the last INSYNC change; an ALB: the action itself), or while clients may still cache a weight above 0: for
// the record's TTL after the INSYNC change that took it away (an ALB caches nothing: no window). Only
// in-memory sim state is read here (local/traffic/slot-weights.ts); no call is made, so the run is not perturbed.
import type { SlotName } from "../../functions/core/config.ts";
import type { Simulator } from "../sim/index.ts";
import type { SlotWeightsView } from "../traffic/slot-weights.ts";
import type { ViolationLog } from "./violation-log.ts";

const SLOTS: SlotName[] = ["a", "b"];

export interface WatchedApp {
  app: string;
  env: string;
  /** Each slot's weight, from Route 53 or the ALB, as the config's `traffic.kind` says. */
  weights: SlotWeightsView;
  /** Names the mover in violations: "Route 53" or "the ALB". */
  mover: string;
  groups: Record<SlotName, string>;
}

interface SlotTraffic {
  authoritative: number;
  served: number;
  /** Until when resolvers may still answer with a weight above 0 that is no longer served (ms). */
  cachedUntil: number;
  /** When the change that took the served weight to 0 became INSYNC (ms). */
  zeroInsyncAt: number;
  /** Since when the authoritative weight has been 0 (ms); the start of the run if it never had any. */
  authoritativeZeroSince: number;
}

export class TrafficWatch {
  private readonly slots: Record<SlotName, SlotTraffic>;
  private lastAuthoritative: Record<SlotName, number | null> = { a: null, b: null };
  private lastServed: Record<SlotName, number | null> = { a: null, b: null };

  constructor(private readonly sim: Simulator, private readonly watched: WatchedApp, private readonly log: ViolationLog) {
    const now = sim.clock.now();
    const fresh = (): SlotTraffic => ({ authoritative: 0, served: 0, cachedUntil: 0, zeroInsyncAt: now, authoritativeZeroSince: now });
    this.slots = { a: fresh(), b: fresh() };
  }

  /** Reads the weights, then checks I2 for both slots at `now`. */
  check(now: number): void {
    this.observe(now);
    this.log.checked();
    for (const slot of SLOTS) {
      const key = `I2 slot ${slot}`;
      const capacity = this.sim.autoscaling.capacityOf(this.watched.groups[slot]);
      if (this.receivesTraffic(slot, now) && (capacity?.inService ?? 0) === 0) {
        this.log.holds(key, "I2", now, () => `slot ${slot}: ${this.describeTraffic(slot, now)}, but auto scaling group ${this.watched.groups[slot]} has 0 InService (desired ${capacity?.desired ?? "none: the group does not exist"})`);
      } else this.log.clears(key, now);
    }
    const { a, b } = this.slots;
    const recordsExist = this.lastAuthoritative.a !== null || this.lastAuthoritative.b !== null;
    if (recordsExist && a.authoritative === 0 && b.authoritative === 0) {
      this.log.holds("I2 all zero", "I2", now, () =>
        this.watched.mover !== "Route 53"
          ? `every weight of ${this.watched.mover}'s forward action is 0: no target group is left to serve requests`
          : "every weight of the record set is 0: Route 53 then splits traffic evenly across both slots",
      );
    } else this.log.clears("I2 all zero", now);
  }

  /** Whether resolvers may send `slot` traffic at `now` (authoritative, served, or still cached). */
  receivesTraffic(slot: SlotName, now: number): boolean {
    const traffic = this.slots[slot];
    return traffic.authoritative > 0 || traffic.served > 0 || now < traffic.cachedUntil || this.evenSplit();
  }

  authoritativeWeight(slot: SlotName): number {
    return this.slots[slot].authoritative;
  }

  authoritativeZeroSince(slot: SlotName): number {
    return this.slots[slot].authoritativeZeroSince;
  }

  private observe(now: number): void {
    const authoritative = this.watched.weights.authoritative();
    const served = this.watched.weights.served();
    const ttlMs = this.watched.weights.cacheMs();
    for (const slot of SLOTS) {
      const traffic = this.slots[slot];
      const nextAuthoritative = authoritative[slot] ?? 0;
      const nextServed = served[slot] ?? 0;
      if (traffic.authoritative > 0 && nextAuthoritative === 0) traffic.authoritativeZeroSince = now;
      // The INSYNC change that took the weight away starts the resolvers' cache window.
      if ((traffic.served > 0 || this.servedEvenSplit()) && nextServed === 0) {
        traffic.cachedUntil = Math.max(traffic.cachedUntil, now + ttlMs);
        traffic.zeroInsyncAt = now;
        // A clock step exactly when the caches expire, so a violation ends (and a check runs) on time.
        if (ttlMs > 0) this.sim.clock.schedule(ttlMs, () => {});
      }
      traffic.authoritative = nextAuthoritative;
      traffic.served = nextServed;
    }
    this.lastAuthoritative = authoritative;
    this.lastServed = served;
  }

  /** Resolvers split evenly when every served weight is 0 (as Route 53 does); an ALB then forwards nowhere. */
  private servedEvenSplit(): boolean {
    return this.watched.mover === "Route 53" && allZero(this.lastServed);
  }

  private evenSplit(): boolean {
    return this.servedEvenSplit() || (this.watched.mover === "Route 53" && allZero(this.lastAuthoritative));
  }

  private describeTraffic(slot: SlotName, now: number): string {
    const traffic = this.slots[slot];
    const timeOf = (t: number) => this.log.timeOf(t);
    if (traffic.authoritative > 0) return `${this.watched.mover} weight ${traffic.authoritative}${traffic.served === traffic.authoritative ? "" : ` (resolvers see ${traffic.served} until the change is INSYNC)`}`;
    if (traffic.served > 0) return `weight 0 written but not yet INSYNC: resolvers still see weight ${traffic.served}`;
    if (now < traffic.cachedUntil)
      return `resolvers may still send it traffic until ${timeOf(traffic.cachedUntil)} (${this.watched.mover} weight 0 since ${timeOf(traffic.authoritativeZeroSince)}, INSYNC at ${timeOf(traffic.zeroInsyncAt)}, then the TTL)`;
    return "every weight is 0, so Route 53 splits traffic evenly";
  }
}

/** Every weight that exists is 0 (a slot whose record does not exist has none). */
function allZero(weights: Record<SlotName, number | null>): boolean {
  const present = SLOTS.map((slot) => weights[slot]).filter((weight): weight is number => weight !== null);
  return present.length > 0 && present.every((weight) => weight === 0);
}
