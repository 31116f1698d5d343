// Real HTTP traffic for the demo: simulated clients resolve the service's record through the simulated
// Route 53 (weights, per-client TTL caching) — or, with `traffic.kind: alb`, each request goes through the
// simulated listener's weighted forward action — send real requests to the slots' balancers on 127.0.0.1, and
// their per-slot counts become the CloudWatch metrics that the alarms evaluate.
import { recordResolver } from "../traffic/record-resolver.ts";
import { slotWeightsView } from "../traffic/slot-weights.ts";
import { startTraffic, type Traffic, type TrafficSample } from "../traffic/generator.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { slotsOf } from "../../functions/core/fleet-shape.ts";

export interface RealTrafficOptions {
  ratePerSecond: number;
  clients: number;
  /** Virtual ms per sample bucket. */
  bucketMs: number;
  seed: number;
  onSample?: (sample: TrafficSample) => void;
}

export function startRealTraffic(sandbox: Sandbox, options: RealTrafficOptions): Traffic {
  const { balancers } = sandbox;
  if (!balancers) throw new Error("real traffic needs the sandbox's slots on HTTP (startSandbox with slots: \"http\")");
  const urlOf = new Map([
    [slotsOf(sandbox.config.fleet).a.endpoint, balancers.a.url],
    [slotsOf(sandbox.config.fleet).b.endpoint, balancers.b.url],
  ]);
  const { traffic } = sandbox.config;
  const view = slotWeightsView(sandbox.sim, sandbox.config);
  return startTraffic({
    resolve:
      traffic.kind === "alb"
        ? // The load balancer picks a target group per request: nothing for a client to cache (ttl 0).
          () => {
            const slot = view.resolveSlot();
            return slot ? { slot, url: balancers[slot].url, ttl: 0 } : undefined;
          }
        : recordResolver({
            resolveRecord: (name) => sandbox.sim.route53.resolve(name),
            recordName: traffic.recordName,
            balancerUrlFor: (value) => urlOf.get(value),
          }),
    clients: options.clients,
    ratePerSecond: options.ratePerSecond,
    now: () => sandbox.clock.now(),
    seed: options.seed,
    bucketMs: options.bucketMs,
    timeoutMs: 2_000,
    onSample: (sample) => {
      options.onSample?.(sample);
      sandbox.publish([sample]).catch(() => {});
    },
    onError: () => {},
  });
}
