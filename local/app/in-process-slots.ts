// The sample service's two slots without sockets, for scenario runs whose traffic is synthetic: instances
// are records of the build they run, a slot's endpoint is answered by a fetch that picks one in-service
// instance round-robin (502 when there is none, as a load balancer does), and each answer is the sample
// service's own (sample-answer.ts). Only the smoke test sends requests here; a build's latency is not waited
// out (no real time passes in such a run) and shows only in the synthetic traffic's metrics. The demo, whose
// traffic is real, runs real HTTP servers instead (runtime.ts, slot-balancer.ts).
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import type { InstanceRuntime, LaunchedInstance } from "../sim/instance-runtime.ts";
import type { VersionBehaviour } from "./behaviour.ts";
import type { ReleaseCatalog } from "./release-catalog.ts";
import { sampleAnswer } from "./sample-answer.ts";
import { seededRandom } from "./seeded-random.ts";

type Slot = "a" | "b";

/**
 * The slots' endpoints in the config and the Route 53 records. Nothing listens there: the in-process fetch
 * answers them, and a request that somehow went out for real would meet a closed port on loopback.
 */
export const IN_PROCESS_ENDPOINTS: Record<Slot, string> = { a: "127.0.0.1:1", b: "127.0.0.1:2" };

export interface InProcessSlotsOptions {
  catalog: ReleaseCatalog;
  /** Auto Scaling group name → the slot it serves. */
  groups: Record<string, Slot>;
  seed?: number | string;
}

interface Instance {
  group: string;
  version: string;
  behaviour: VersionBehaviour;
  random: () => number;
  inService: boolean;
}

export class InProcessSlots implements InstanceRuntime {
  private readonly instances = new Map<string, Instance>();
  private readonly turns: Record<string, number> = {};
  /** Endpoints of further app/envs' slots (a sandbox with several envs): host → the one group behind it. */
  private readonly endpointGroups = new Map<string, string>();

  constructor(private readonly options: InProcessSlotsOptions) {}

  /**
   * Gives another app/env's two groups endpoints of their own (`127.0.0.1:3`, `:4`, … — nothing listens there
   * either), so each env's smoke test reaches its own instances only.
   */
  serveGroups(groups: Record<Slot, string>): Record<Slot, string> {
    const next = () => `127.0.0.1:${3 + this.endpointGroups.size}`;
    const a = next();
    this.endpointGroups.set(a, groups.a);
    const b = next();
    this.endpointGroups.set(b, groups.b);
    return { a, b };
  }

  async launch({ instanceId, group, imageTags }: LaunchedInstance): Promise<{ healthy: boolean }> {
    const { version, behaviour } = this.options.catalog.lookup(imageTags[IMAGE_TAG.commit]);
    if (!behaviour.boots) return { healthy: false };
    const instance: Instance = { group, version, behaviour, random: seededRandom(`${this.options.seed ?? 0}:${instanceId}`), inService: false };
    this.instances.set(instanceId, instance);
    // Like a target group, the slot only routes to instances whose health check passes.
    instance.inService = sampleAnswer(version, behaviour, instance.random, "GET", "/health").status === 200;
    return { healthy: instance.inService };
  }

  async terminate(instanceId: string): Promise<void> {
    this.instances.delete(instanceId);
  }

  /** An instance attached to another group (an immutable cut-over) serves that group's slot from now on. */
  moved(instanceId: string, group: string): void {
    const instance = this.instances.get(instanceId);
    if (instance) instance.group = group;
  }

  /** Answers a request to a slot's endpoint as that slot's load balancer and instances would. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const slot = (Object.keys(IN_PROCESS_ENDPOINTS) as Slot[]).find((candidate) => IN_PROCESS_ENDPOINTS[candidate] === url.host);
    const group = this.endpointGroups.get(url.host);
    if (!slot && !group) throw new TypeError(`fetch failed: ${url.host} is not a slot of this sandbox`, { cause: { code: "ECONNREFUSED" } });
    const behind = (instance: Instance) => (group ? instance.group === group : this.options.groups[instance.group] === slot);
    const serving = [...this.instances.values()].filter((instance) => instance.inService && behind(instance));
    const turn = (this.turns[url.host] = (this.turns[url.host] ?? 0) + 1) - 1;
    const instance = serving[turn % Math.max(serving.length, 1)];
    if (!instance) return new Response(`502 Bad Gateway: slot ${slot ?? group} has no registered instances\n`, { status: 502, headers: { "content-type": "text/plain" } });
    const answer = sampleAnswer(instance.version, instance.behaviour, instance.random, method, url.pathname);
    return new Response(method === "HEAD" ? null : answer.body, { status: answer.status, headers: { "content-type": answer.contentType } });
  };
}
