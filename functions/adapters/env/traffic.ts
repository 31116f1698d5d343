// Traffic from a Route 53 client and, once an app/env on an ALB needs one, an ELBv2 client; region and
// credentials come from the Lambda environment.
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";
import { makeAlbTraffic } from "../alb.ts";
import type { Traffic } from "../ports.ts";
import { makeRoute53Dns } from "../route53.ts";
import { makeTraffic } from "../traffic.ts";

export function fromTraffic(_env: NodeJS.ProcessEnv = process.env): { traffic: Traffic } {
  return { traffic: makeTraffic({ route53: makeRoute53Dns(new Route53Client({})), alb: () => makeAlbTraffic(new ElasticLoadBalancingV2Client({})) }) };
}
