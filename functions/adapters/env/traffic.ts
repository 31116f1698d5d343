// Traffic from a Route 53 client and, once an app/env on an ALB needs one, an ELBv2 client; region and
// credentials come from the Lambda environment. The ALB adapter and its client are imported on that first
// use: the bundler puts them in a chunk of their own (stacks/bundle.ts), so a cold start on Route 53 never
// loads them, and bench/build.ts reports both what a cold start loads and what is shipped.
import { Route53Client } from "@aws-sdk/client-route-53";
import type { Traffic } from "../ports.ts";
import { makeRoute53Dns } from "../route53.ts";
import { makeTraffic } from "../traffic.ts";

export function fromTraffic(_env: NodeJS.ProcessEnv = process.env): { traffic: Traffic } {
  return { traffic: makeTraffic({ route53: makeRoute53Dns(new Route53Client({})), alb: async () => (await import("./alb.ts")).albFromEnv() }) };
}
