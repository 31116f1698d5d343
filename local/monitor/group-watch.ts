// The invariant monitor's hot-path checks for a one-group fleet (fleet.group), in place of the slots' traffic
// and idle-fleet watches: a group's load balancer always gets traffic, so the groups behind it (the group, and
// an immutable deployment's temporary group once in service) must always have an InService instance between
// them once they had one (I2); and an instance refresh that launches before it terminates (MinHealthy 100:
// rolling with extraBatch, an in-group canary, allAtOnce) never has fewer InService instances than desired.
import { IMAGE_TAG } from "../../functions/core/naming.ts";
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
    const serving = this.sim.autoscaling.trafficSources.servingGroups(this.group);
    const inService = serving.reduce((sum, name) => sum + (this.sim.autoscaling.capacityOf(name)?.inService ?? 0), 0);
    this.served ||= inService > 0;
    if (this.served && inService === 0)
      this.log.holds("I2 group", "I2", now, () =>
        serving.length === 1
          ? `auto scaling group ${this.group} gets all the traffic but has 0 InService instances (desired ${capacity.desired})`
          : `auto scaling group ${this.group} and ${serving.slice(1).join(", ")} behind its load balancer get all the traffic but have 0 InService instances between them (desired ${capacity.desired})`,
      );
    else this.log.clears("I2 group", now);
    const refresh = this.sim.autoscaling.refreshOf(this.group);
    const launchesFirst = refresh && refresh.minHealthyPercentage >= 100 && (refresh.status === "InProgress" || refresh.status === "Baking");
    if (launchesFirst && capacity.inService < capacity.desired)
      this.log.holds("I2 extra batch", "I2", now, () => `auto scaling group ${this.group} has ${capacity.inService} InService instances, fewer than its desired ${capacity.desired}, during an instance refresh that launches before it terminates (MinHealthyPercentage ${refresh.minHealthyPercentage})`);
    else this.log.clears("I2 extra batch", now);
  }
}

/**
 * The group's running refresh takes it back to the live release (`liveImageId`): Auto Scaling rolling a refresh
 * back, or a refresh to the live image (cleanup's or the reconciler's, after the stopped release's own refresh
 * finished before it could be rolled back). The group is converging then, not at rest.
 */
export function refreshTowardLive(sim: Simulator, group: string, liveImageId: string | null): boolean {
  const refresh = sim.autoscaling.refreshOf(group);
  if (!refresh) return false;
  return refresh.status === "RollbackInProgress" || (liveImageId !== null && refresh.imageId === liveImageId && (refresh.status === "Pending" || refresh.status === "InProgress"));
}

/** The temporary groups (an immutable deployment's, by Glidepath's tags) of an app/env that exist now. */
export function temporaryGroupsOf(sim: Simulator, app: string, env: string, group: string): string[] {
  return sim.autoscaling
    .groupTags()
    .filter(({ name, tags }) => name !== group && tags[IMAGE_TAG.app] === app && tags[IMAGE_TAG.env] === env && tags[IMAGE_TAG.deployment] !== undefined)
    .map(({ name }) => name);
}

/** Out of its load balancer and draining: on its way to deletion (cleanup started it, the reconciler ends it). */
export function isDraining(sim: Simulator, group: string): boolean {
  const sources = sim.autoscaling.trafficSources.describe(group);
  return sources.length > 0 && sources.every((source) => source.State === "Removing");
}
