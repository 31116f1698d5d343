// Real HTTP traffic for the demo: simulated clients resolve the service's record through the simulated
// Route 53 (weights, per-client TTL caching), send real requests to the slots' balancers on 127.0.0.1, and
// their per-slot counts become the CloudWatch metrics that the alarms evaluate.
import { recordResolver } from "../traffic/record-resolver.ts";
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
  return startTraffic({
    resolve: recordResolver({
      resolveRecord: (name) => sandbox.sim.route53.resolve(name),
      recordName: sandbox.config.traffic.recordName,
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
