// Every operation the simulator answers, with an output that sets every member its schema has: encoded as
// AWS's HTTP response and read back by the real client, it must come out equal. A member the encoder drops,
// renames or re-types (a date, a number, a list) fails here, naming the operation.
import * as autoscaling from "@aws-sdk/client-auto-scaling";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as codedeploy from "@aws-sdk/client-codedeploy";
import * as ec2 from "@aws-sdk/client-ec2";
import * as elbv2 from "@aws-sdk/client-elastic-load-balancing-v2";
import * as eventbridge from "@aws-sdk/client-eventbridge";
import * as imagebuilder from "@aws-sdk/client-imagebuilder";
import * as route53 from "@aws-sdk/client-route-53";
import * as ssm from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../local/clock.ts";
import { Simulator } from "../../../local/sim/index.ts";
import type { SimulatedService } from "../../../local/sim/errors.ts";
import { answerOverWire } from "../../../local/sim/wire/answer-over-wire.ts";
import { sampleOf } from "./sample-from-schema.ts";

type ClientModule = Record<string, unknown>;
interface SdkClient {
  middlewareStack: unknown;
  config: unknown;
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}

const modules: Record<SimulatedService, { module: ClientModule; client: string }> = {
  route53: { module: route53, client: "Route53Client" },
  cloudwatch: { module: cloudwatch, client: "CloudWatchClient" },
  ssm: { module: ssm, client: "SSMClient" },
  ec2: { module: ec2, client: "EC2Client" },
  imagebuilder: { module: imagebuilder, client: "ImagebuilderClient" },
  autoscaling: { module: autoscaling, client: "AutoScalingClient" },
  codedeploy: { module: codedeploy, client: "CodeDeployClient" },
  eventbridge: { module: eventbridge, client: "EventBridgeClient" },
  elbv2: { module: elbv2, client: "ElasticLoadBalancingV2Client" },
};

const sim = new Simulator({ clock: new VirtualClock() });
const operations = (Object.keys(modules) as SimulatedService[]).flatMap((service) =>
  Object.keys((sim[service] as unknown as { operations: Record<string, unknown> }).operations).map((operation) => [`${service}:${operation}`, service, operation] as const),
);

function clientAnswering(service: SimulatedService, answer: () => unknown): SdkClient {
  const { module, client } = modules[service];
  const Client = module[client] as new (config: unknown) => SdkClient;
  const made = new Client({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" }, maxAttempts: 1 });
  let n = 0;
  answerOverWire(made, answer, () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`);
  return made;
}

describe("every simulated operation's output through the real deserializer", () => {
  it("covers the operations Glidepath sends", () => {
    expect(operations.map(([name]) => name)).toEqual(expect.arrayContaining(["route53:ChangeResourceRecordSets", "ec2:DescribeImages", "autoscaling:DescribeAutoScalingGroups", "imagebuilder:GetImage", "cloudwatch:DescribeAlarms"]));
  });

  it.each(operations)("%s keeps every member", async (_name, service, operation) => {
    const { module } = modules[service];
    const schema = module[`${operation}$`] as [number, string, string, unknown, unknown, unknown];
    const Command = module[`${operation}Command`] as new (input: unknown) => unknown;
    const output = (sampleOf(schema[5]) ?? {}) as Record<string, unknown>;
    const client = clientAnswering(service, () => output);
    try {
      const { $metadata, ...read } = await client.send(new Command(sampleOf(schema[4]) ?? {}));
      expect(read).toEqual(output);
      expect($metadata).toMatchObject({ httpStatusCode: 200, requestId: "00000000-0000-4000-8000-000000000001" });
    } finally {
      client.destroy();
    }
  });
});
