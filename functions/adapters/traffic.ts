// The Traffic port over both movers: each call goes to the adapter of its target's `kind` (Route 53 weighted
// records or an ALB's weighted forward action), so tasks, the circuit breaker, cleanup and the reconciler hold
// one port whatever the config says.
import { ALB_CHANGE_PREFIX } from "./alb-change.ts";
import type { AlbTarget, Route53Target, Traffic, TrafficTarget } from "./ports.ts";

export interface TrafficMovers {
  route53: Traffic<Route53Target>;
  /**
   * Built on first use: an app/env on Route 53 never constructs an ELBv2 client. In a Lambda it is also loaded
   * on first use (adapters/env/traffic.ts imports it dynamically), so a Route 53 cold start never loads it.
   */
  alb: () => Traffic<AlbTarget> | Promise<Traffic<AlbTarget>>;
}

export function makeTraffic(movers: TrafficMovers): Traffic {
  let alb: Promise<Traffic<AlbTarget>> | undefined;
  // A mover that failed to load or build is tried again on the next call, not remembered as failed.
  const albMover = (): Promise<Traffic<AlbTarget>> =>
    (alb ??= Promise.resolve()
      .then(movers.alb)
      .catch((error: unknown) => {
        alb = undefined;
        throw error;
      }));
  return {
    readWeights: async (target: TrafficTarget) => (target.kind === "alb" ? (await albMover()).readWeights(target) : movers.route53.readWeights(target)),
    setWeights: async (target, weights, endpoints, writer) =>
      target.kind === "alb" ? (await albMover()).setWeights(target, weights, endpoints, writer) : movers.route53.setWeights(target, weights, endpoints, writer),
    fence: async (target, writer) => (target.kind === "alb" ? (await albMover()).fence(target, writer) : movers.route53.fence(target, writer)),
    // An ALB write is applied when it returns; only a Route 53 change is polled.
    changeStatus: async (changeId) => (changeId.startsWith(ALB_CHANGE_PREFIX) ? (await albMover()).changeStatus(changeId) : movers.route53.changeStatus(changeId)),
  };
}
