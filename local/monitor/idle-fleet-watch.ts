// I6 on the hot path: at rest (no execution running), a slot that gets no traffic must not keep its fleet
// scaled up for longer than the pipeline's own allowance: scaleDownDelay, a drain (propagation + TTL), and
// one reconcile period. The clock starts when the slot stopped serving, when its fleet was last scaled up,
// or when the last deployment ended (a running deployment may still need the fleet), whichever is latest, so
// a fleet brought up for a deployment that then stopped gets the same allowance.
import type { SlotName } from "../../functions/core/config.ts";
import { formatDuration } from "../../functions/core/duration.ts";
import { RECONCILE_PERIOD_SECONDS } from "../sandbox/reconciler-schedule.ts";
import type { Simulator } from "../sim/index.ts";
import type { TrafficWatch, WatchedApp } from "./traffic-watch.ts";
import type { ViolationLog } from "./violation-log.ts";


export interface IdleAllowance {
  scaleDownDelaySeconds: number;
  drainSeconds: number;
  reconcileSeconds: number;
}

/** The allowance for a config and the sim's timings. Example: scaleDownDelay 2m, TTL 30s, propagation 30s → 8 minutes in all. */
export function idleAllowance(scaleDownDelaySeconds: number, ttlSeconds: number, propagationMs: number): IdleAllowance {
  return { scaleDownDelaySeconds, drainSeconds: ttlSeconds + Math.ceil(propagationMs / 1000), reconcileSeconds: RECONCILE_PERIOD_SECONDS };
}

export const totalSeconds = (allowance: IdleAllowance): number => allowance.scaleDownDelaySeconds + allowance.drainSeconds + allowance.reconcileSeconds;

export class IdleFleetWatch {
  private readonly scaledUpAt: Record<SlotName, number>;
  private readonly desired: Record<SlotName, number> = { a: 0, b: 0 };
  private restSince: number | undefined;
  private readonly deadlineSetFrom: Record<SlotName, number> = { a: -1, b: -1 };

  constructor(
    private readonly sim: Simulator,
    private readonly watched: WatchedApp,
    private readonly traffic: TrafficWatch,
    private readonly allowance: IdleAllowance,
    private readonly atRest: () => boolean,
    private readonly log: ViolationLog,
  ) {
    const now = sim.clock.now();
    this.scaledUpAt = { a: now, b: now };
  }

  check(now: number): void {
    const resting = this.atRest();
    if (!resting) this.restSince = undefined;
    else this.restSince ??= now;
    this.log.checked();
    for (const slot of ["a", "b"] as const) {
      const group = this.watched.groups[slot];
      const desired = this.sim.autoscaling.capacityOf(group)?.desired ?? 0;
      if (this.desired[slot] === 0 && desired > 0) this.scaledUpAt[slot] = now;
      const idleSince = Math.max(this.traffic.authoritativeZeroSince(slot), this.scaledUpAt[slot], this.restSince ?? 0);
      if (this.deadlineSetFrom[slot] !== idleSince) {
        this.deadlineSetFrom[slot] = idleSince;
        // A clock step at the deadline, so an idle fleet left up is seen when its allowance ends.
        this.sim.clock.schedule(this.deadlineSetFrom[slot] + totalSeconds(this.allowance) * 1000 - now, () => {});
      }
      this.desired[slot] = desired;
      const key = `I6 slot ${slot}`;
      const deadline = idleSince + totalSeconds(this.allowance) * 1000;
      const idle = this.traffic.authoritativeWeight(slot) === 0 && !this.traffic.receivesTraffic(slot, now);
      if (resting && idle && desired > 0 && now >= deadline) {
        const at = Math.max(deadline, this.restSince ?? now);
        this.log.holds(key, "I6", at, () => {
          const { scaleDownDelaySeconds, drainSeconds, reconcileSeconds } = this.allowance;
          return `slot ${slot}: auto scaling group ${group} still has desired capacity ${desired} with no deployment running, ${formatDuration(Math.round((at - idleSince) / 1000))} after it stopped serving, was scaled up or its last deployment ended (at ${this.log.timeOf(idleSince)}); allowed: scaleDownDelay ${formatDuration(scaleDownDelaySeconds)} + drain ${formatDuration(drainSeconds)} + one reconcile period ${formatDuration(reconcileSeconds)}`;
        });
      } else this.log.clears(key, now);
    }
  }
}
