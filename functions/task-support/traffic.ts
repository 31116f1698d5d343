// The traffic target and slot endpoints a config describes, as the Traffic port takes them.
import type { Config } from "../core/config.ts";
import type { TrafficTarget } from "../adapters/ports.ts";
import { slotsOf } from "../core/fleet-shape.ts";

export function trafficTarget(config: Config): TrafficTarget {
  const { traffic } = config;
  const setIdPrefix = `${config.app}-${config.env}`;
  if (traffic.kind === "alb") {
    return {
      kind: "alb",
      ...(traffic.listenerArn ? { listenerArn: traffic.listenerArn } : {}),
      ...(traffic.ruleArn ? { ruleArn: traffic.ruleArn } : {}),
      targetGroups: { ...traffic.targetGroups },
      ttl: 0,
      setIdPrefix,
    };
  }
  return { kind: "route53", hostedZoneId: traffic.hostedZoneId, recordName: traffic.recordName, type: traffic.type, ttl: traffic.ttl, setIdPrefix };
}

export function slotEndpoints(config: Config): { a: string; b: string } {
  const slots = slotsOf(config.fleet);
  return { a: slots.a.endpoint, b: slots.b.endpoint };
}

export const describeWeights = (weights: { a: number; b: number }): string => `weights a=${weights.a} b=${weights.b}`;
