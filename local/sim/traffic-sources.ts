// Simulated Auto Scaling traffic sources (AttachTrafficSources, DetachTrafficSources, DescribeTrafficSources):
// which load balancer target groups a group's InService instances are registered with, so two groups sharing
// one target group (an immutable deployment's temporary group next to the original) both serve its endpoint.
//
// Simplifications (documented for scenario writers):
// - An attached source is InService at once (AWS passes through Adding and Added while the instances register
//   and pass the load balancer's health check; the group's own InService instances stand for that here).
// - A detached source is Removing for the load balancer's default deregistration delay (300 s: in-flight
//   requests drain, no new request reaches the group through it), then it is gone from the group's list.
import { awsError } from "./errors.ts";
import type { SimContext } from "./context.ts";

/** Elastic Load Balancing's default deregistration delay: how long a detached group's instances drain. */
export const TRAFFIC_SOURCE_DRAIN_MS = 300_000;

export interface TrafficSourceInput {
  Identifier?: string;
  Type?: string;
}

interface AttachedSource {
  identifier: string;
  type: string;
  state: "InService" | "Removing";
}

export class TrafficSources {
  private readonly byGroup = new Map<string, AttachedSource[]>();

  constructor(private readonly ctx: SimContext) {}

  attach(group: string, sources: TrafficSourceInput[] | undefined): void {
    const attached = this.byGroup.get(group) ?? [];
    for (const source of sources ?? []) {
      const identifier = source.Identifier ?? "";
      const existing = attached.find((entry) => entry.identifier === identifier);
      // Attaching again a source still draining puts it back in service, as AWS re-registers the instances.
      if (existing) existing.state = "InService";
      else attached.push({ identifier, type: source.Type ?? "elbv2", state: "InService" });
    }
    this.byGroup.set(group, attached);
  }

  detach(group: string, sources: TrafficSourceInput[] | undefined): void {
    const attached = this.byGroup.get(group) ?? [];
    for (const source of sources ?? []) {
      const entry = attached.find((candidate) => candidate.identifier === source.Identifier);
      if (!entry) throw awsError("autoscaling", "ValidationError", `Trying to remove Traffic Sources that are not attached to the Auto Scaling group ${group}: ${source.Identifier ?? ""}`);
      if (entry.state === "Removing") continue;
      entry.state = "Removing";
      this.ctx.clock.schedule(TRAFFIC_SOURCE_DRAIN_MS, () => {
        const now = this.byGroup.get(group) ?? [];
        if (entry.state === "Removing") this.byGroup.set(group, now.filter((candidate) => candidate !== entry));
      });
    }
  }

  /** DescribeTrafficSources' entries (TrafficSource is the deprecated copy of Identifier AWS still returns). */
  describe(group: string): Array<{ TrafficSource: string; Identifier: string; Type: string; State: string }> {
    return (this.byGroup.get(group) ?? []).map((entry) => ({ TrafficSource: entry.identifier, Identifier: entry.identifier, Type: entry.type, State: entry.state }));
  }

  /** A deleted group's sources go with it. */
  forget(group: string): void {
    this.byGroup.delete(group);
  }

  /**
   * The groups whose instances get requests sent to `group`'s endpoint: `group` itself, and every group sharing
   * one of its in-service target groups (draining sources get no new requests).
   * Example: `servingGroups("web")` → `["web", "web-glidepath-…"]` while an immutable deployment's temporary group serves.
   */
  servingGroups(group: string): string[] {
    const mine = new Set((this.byGroup.get(group) ?? []).filter((entry) => entry.state === "InService").map((entry) => entry.identifier));
    const others = [...this.byGroup.entries()]
      .filter(([name, entries]) => name !== group && entries.some((entry) => entry.state === "InService" && mine.has(entry.identifier)))
      .map(([name]) => name);
    return [group, ...others.sort()];
  }
}
