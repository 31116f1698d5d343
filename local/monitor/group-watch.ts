// The invariant monitor's hot-path checks for a one-group fleet (fleet.group), in place of the slots' traffic
// and idle-fleet watches: a group's load balancer always gets traffic, so it must always have an InService
// instance once it had one (I2); and an instance refresh that launches before it terminates (MinHealthy 100:
// rolling with extraBatch, an in-group canary, allAtOnce) never has fewer InService instances than desired.
import type { Simulator } from "../sim/index.ts";
import type { ViolationLog } from "./violation-log.ts";

export class GroupWatch {
  private served = false;

  constructor(
    private readonly sim: Simulator,
    private readonly group: string,
    private readonly log: ViolationLog,
  ) {}

  check(now: number): void {
    const capacity = this.sim.autoscaling.capacityOf(this.group);
    if (!capacity) return;
    this.log.checked();
    this.served ||= capacity.inService > 0;
    if (this.served && capacity.inService === 0)
      this.log.holds("I2 group", "I2", now, () => `auto scaling group ${this.group} gets all the traffic but has 0 InService instances (desired ${capacity.desired})`);
    else this.log.clears("I2 group", now);
    const refresh = this.sim.autoscaling.refreshOf(this.group);
    const launchesFirst = refresh && refresh.minHealthyPercentage >= 100 && (refresh.status === "InProgress" || refresh.status === "Baking");
    if (launchesFirst && capacity.inService < capacity.desired)
      this.log.holds("I2 extra batch", "I2", now, () => `auto scaling group ${this.group} has ${capacity.inService} InService instances, fewer than its desired ${capacity.desired}, during an instance refresh that launches before it terminates (MinHealthyPercentage ${refresh.minHealthyPercentage})`);
    else this.log.clears("I2 extra batch", now);
  }
}
