// The Route 53 target and slot endpoints a config describes, as the Dns port takes them.
import type { Config } from "../core/config.ts";
import type { TrafficTarget } from "../adapters/ports.ts";

export function trafficTarget(config: Config): TrafficTarget {
  const { traffic } = config;
  return {
    hostedZoneId: traffic.hostedZoneId,
    recordName: traffic.recordName,
    type: traffic.type,
    ttl: traffic.ttl,
    setIdPrefix: `${config.app}-${config.env}`,
  };
}

export function slotEndpoints(config: Config): { a: string; b: string } {
  return { a: config.fleet.slots.a.endpoint, b: config.fleet.slots.b.endpoint };
}

export const describeWeights = (weights: { a: number; b: number }): string => `weights a=${weights.a} b=${weights.b}`;
