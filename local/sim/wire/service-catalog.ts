// What the loopback endpoint knows of each service it serves: the SDK client's protocol (to read requests and
// write answers the way that client does) and the operation schemas its package exports (`DescribeAlarms$`).
import * as autoscaling from "@aws-sdk/client-auto-scaling";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as codedeploy from "@aws-sdk/client-codedeploy";
import * as dynamodb from "@aws-sdk/client-dynamodb";
import * as ec2 from "@aws-sdk/client-ec2";
import * as elbv2 from "@aws-sdk/client-elastic-load-balancing-v2";
import * as eventbridge from "@aws-sdk/client-eventbridge";
import * as imagebuilder from "@aws-sdk/client-imagebuilder";
import * as route53 from "@aws-sdk/client-route-53";
import * as sfn from "@aws-sdk/client-sfn";
import * as ssm from "@aws-sdk/client-ssm";
import { makeAwsClients, type AwsClients } from "../../../functions/adapters/aws-clients.ts";
import { REGION } from "../context.ts";
import { operationOf, type ClientProtocol, type OperationSchema } from "./protocol.ts";

type ServedService = keyof AwsClients;

export interface ServiceEntry {
  service: ServedService;
  /** JSON protocols keep their X-Amz-Target prefix as `serviceTarget`, query protocols their `Version` in options. */
  protocol: ClientProtocol & { serviceTarget?: string; options: { version?: string } };
  operations: Map<string, OperationSchema>;
}

const packages: Record<ServedService, Record<string, unknown>> = { route53, cloudwatch, ssm, ec2, imagebuilder, autoscaling, codedeploy, eventbridge, dynamodb, sfn, elbv2 };

export function serviceCatalog(): ServiceEntry[] {
  // Clients built only to read their protocol objects; they never send anything.
  const clients = makeAwsClients({ region: REGION, credentials: { accessKeyId: "AKIASIMULATED", secretAccessKey: "simulated" } });
  const entries = (Object.keys(packages) as ServedService[]).map((service) => {
    const operations = new Map<string, OperationSchema>();
    for (const value of Object.values(packages[service])) {
      if (Array.isArray(value) && value[0] === 9) {
        const op = operationOf(value);
        operations.set(op.name, op);
      }
    }
    return { service, protocol: (clients[service].config as unknown as { protocol: ServiceEntry["protocol"] }).protocol, operations };
  });
  for (const client of Object.values(clients)) client.destroy();
  return entries;
}
