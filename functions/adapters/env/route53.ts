// Dns from a Route 53 client; region and credentials come from the Lambda environment.
import { Route53Client } from "@aws-sdk/client-route-53";
import type { Dns } from "../ports.ts";
import { makeRoute53Dns } from "../route53.ts";

export function fromRoute53(_env: NodeJS.ProcessEnv = process.env): { dns: Dns } {
  return { dns: makeRoute53Dns(new Route53Client({})) };
}
