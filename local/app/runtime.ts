// The demo's InstanceRuntime: every launched instance is a real sample-service server on 127.0.0.1 running
// the build of its image's commit, registered with its group's slot balancer once its health check passes.
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import type { InstanceRuntime, LaunchedInstance } from "../sim/instance-runtime.ts";
import { httpGet } from "./http-get.ts";
import type { ReleaseCatalog } from "./release-catalog.ts";
import { startInstance, type RunningInstance } from "./sample-service.ts";
import type { SlotBalancer } from "./slot-balancer.ts";

export interface ServiceRuntimeOptions {
  catalog: ReleaseCatalog;
  /** Auto Scaling group (or deployment group) name → the balancer of the slot it serves. */
  balancers: Record<string, Pick<SlotBalancer, "setTargets">>;
  seed?: number | string;
}

interface Registered {
  group: string;
  server: RunningInstance;
  inService: boolean;
}

export class ServiceRuntime implements InstanceRuntime {
  private readonly instances = new Map<string, Registered>();

  constructor(private readonly options: ServiceRuntimeOptions) {}

  async launch({ instanceId, group, imageTags }: LaunchedInstance): Promise<{ healthy: boolean }> {
    const { version, behaviour } = this.options.catalog.lookup(imageTags[IMAGE_TAG.commit]);
    if (!behaviour.boots) return { healthy: false };
    const server = await startInstance({ version, behaviour, seed: `${this.options.seed ?? 0}:${instanceId}` });
    const entry: Registered = { group, server, inService: false };
    this.instances.set(instanceId, entry);
    const healthy = await this.checkHealth(server.url);
    // Like a target group, the balancer only routes to instances whose health check passes.
    if (healthy && this.instances.get(instanceId) === entry) {
      entry.inService = true;
      this.syncBalancer(group);
    }
    return { healthy };
  }

  async terminate(instanceId: string): Promise<void> {
    const entry = this.instances.get(instanceId);
    if (!entry) return;
    this.instances.delete(instanceId);
    if (entry.inService) this.syncBalancer(entry.group);
    await entry.server.stop();
  }

  /** An instance attached to another group (an immutable cut-over): it leaves the old group's balancer for the new one's. */
  moved(instanceId: string, group: string): void {
    const entry = this.instances.get(instanceId);
    if (!entry || entry.group === group) return;
    const from = entry.group;
    entry.group = group;
    if (!entry.inService) return;
    this.syncBalancer(from);
    this.syncBalancer(group);
  }

  /** Stops every instance server this runtime started (the balancers belong to the caller). */
  async stopAll(): Promise<void> {
    const ids = [...this.instances.keys()];
    await Promise.all(ids.map((id) => this.terminate(id)));
  }

  /** Instance ids currently running a server, for tests and the demo's status line. */
  running(): string[] {
    return [...this.instances.keys()];
  }

  private async checkHealth(url: string): Promise<boolean> {
    try {
      return (await httpGet(`${url}/health`)).status === 200;
    } catch {
      return false;
    }
  }

  private syncBalancer(group: string): void {
    const balancer = this.options.balancers[group];
    if (!balancer) return;
    const urls = [...this.instances.values()].filter((i) => i.group === group && i.inService).map((i) => i.server.url);
    balancer.setTargets(urls);
  }
}
