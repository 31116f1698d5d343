// The Traffic port over both movers: each call goes to the adapter of its target's `kind` (Route 53 weighted
// records or an ALB's weighted forward action), so tasks, the circuit breaker, cleanup and the reconciler hold
// one port whatever the config says.
import { ALB_CHANGE_PREFIX } from "./alb.ts";
import type { AlbTarget, Route53Target, Traffic, TrafficTarget } from "./ports.ts";

export interface TrafficMovers {
  route53: Traffic<Route53Target>;
  /** Built on first use: an app/env on Route 53 never constructs an ELBv2 client. */
  alb: () => Traffic<AlbTarget>;
}

export function makeTraffic(movers: TrafficMovers): Traffic {
  let alb: Traffic<AlbTarget> | undefined;
  const albMover = (): Traffic<AlbTarget> => (alb ??= movers.alb());
  return {
    readWeights: (target: TrafficTarget) => (target.kind === "alb" ? albMover().readWeights(target) : movers.route53.readWeights(target)),
    setWeights: (target, weights, endpoints, writer) =>
      target.kind === "alb" ? albMover().setWeights(target, weights, endpoints, writer) : movers.route53.setWeights(target, weights, endpoints, writer),
    fence: (target, writer) => (target.kind === "alb" ? albMover().fence(target, writer) : movers.route53.fence(target, writer)),
    // An ALB write is applied when it returns; only a Route 53 change is polled.
    changeStatus: (changeId) => (changeId.startsWith(ALB_CHANGE_PREFIX) ? albMover().changeStatus(changeId) : movers.route53.changeStatus(changeId)),
  };
}
