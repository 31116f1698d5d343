// Wraps an InstanceRuntime to remember which commit each group's healthy instances run, so synthetic
// traffic knows how each slot behaves without sending real requests.
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import type { InstanceRuntime, LaunchedInstance } from "../sim/instance-runtime.ts";

export class TrackingRuntime implements InstanceRuntime {
  private readonly healthy = new Map<string, { group: string; commit: string | undefined }>();
  /** Instances terminated, possibly while they were still booting. */
  private readonly terminated = new Set<string>();

  constructor(private readonly inner: InstanceRuntime) {}

  async launch(instance: LaunchedInstance): Promise<{ healthy: boolean }> {
    const result = await this.inner.launch(instance);
    // Terminated while it booted (a refresh rollback takes a Pending instance out first): it serves nothing.
    if (result.healthy && !this.terminated.has(instance.instanceId)) this.healthy.set(instance.instanceId, { group: instance.group, commit: instance.imageTags[IMAGE_TAG.commit] });
    return result;
  }

  async terminate(instanceId: string): Promise<void> {
    this.terminated.add(instanceId);
    this.healthy.delete(instanceId);
    await this.inner.terminate(instanceId);
  }

  moved(instanceId: string, group: string): void {
    const tracked = this.healthy.get(instanceId);
    if (tracked) tracked.group = group;
    this.inner.moved?.(instanceId, group);
  }

  /** Commits of the group's healthy instances, one entry per instance (a balancer spreads requests evenly). */
  commitsServing(group: string): Array<string | undefined> {
    return [...this.healthy.values()].filter((instance) => instance.group === group).map((instance) => instance.commit);
  }
}
