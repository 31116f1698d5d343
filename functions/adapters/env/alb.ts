// The ALB mover from an ELBv2 client. traffic.ts imports this file on first use (never the SDK package itself:
// a dynamically imported package keeps every export, so the chunk would carry all of ELBv2's commands).
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { makeAlbTraffic } from "../alb.ts";
import type { AlbTarget, Traffic } from "../ports.ts";

export function albFromEnv(): Traffic<AlbTarget> {
  return makeAlbTraffic(new ElasticLoadBalancingV2Client({}));
}
