// The loopback endpoint `glidepath local up` serves, reached by ordinary SDK clients over HTTP: each protocol's
// request is routed and read back into the operation's input (path labels, query strings, form lists, JSON and
// XML bodies), and answered as AWS would; DynamoDB reaches the sandbox's dynalite, Step Functions its executions.
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { GetImageCommand } from "@aws-sdk/client-imagebuilder";
import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAwsClients, type AwsClients } from "../../../functions/adapters/aws-clients.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { serveSimulatedAws, type LoopbackEndpoint } from "../../../local/sim/wire/loopback-server.ts";

let sandbox: Sandbox;
let endpoint: LoopbackEndpoint;
let clients: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ traffic: "synthetic" });
  endpoint = await serveSimulatedAws({ sim: sandbox.sim, dynalite: sandbox.dynalite, executions: sandbox.executions });
  const services = ["route53", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy", "dynamodb", "sfn"] as const;
  clients = makeAwsClients({ region: "us-east-1", credentials: { accessKeyId: "AKIASANDBOX", secretAccessKey: "sandbox" }, maxAttempts: 1, endpoints: Object.fromEntries(services.map((s) => [s, endpoint.url])) });
});

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.destroy();
  await endpoint?.close();
  await sandbox?.close();
});

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected a rejection");
}

describe("the sandbox's loopback endpoint", () => {
  it("serves only on 127.0.0.1", () => {
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers awsJson 1.1 (SSM) as the in-process clients do", async () => {
    // Pages may come back empty with a NextToken, as AWS documents: read them all.
    const all = async (ssm: AwsClients["ssm"]) => {
      const names: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssm.send(new GetParametersByPathCommand({ Path: "/glidepath/", Recursive: true, ...(NextToken ? { NextToken } : {}) }));
        names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
        NextToken = page.NextToken;
      } while (NextToken);
      return names;
    };
    const served = await all(clients.ssm);
    expect(served).toContain(`/glidepath/${sandbox.config.app}/${sandbox.config.env}/config`);
    expect(served).toEqual(await all(sandbox.clients.ssm));
  });

  it("answers restXml (Route 53) with the path label read back", async () => {
    const input = { HostedZoneId: sandbox.config.traffic.kind === "route53" ? sandbox.config.traffic.hostedZoneId : "" };
    const served = await clients.route53.send(new ListResourceRecordSetsCommand(input));
    expect(served.ResourceRecordSets).toEqual((await sandbox.clients.route53.send(new ListResourceRecordSetsCommand(input))).ResourceRecordSets);
    expect(sandbox.sim.calls.filter((c) => c.operation === "ListResourceRecordSets").map((c) => c.error ?? "ok")).toEqual(["ok", "ok"]);
  });

  it("answers awsQuery (Auto Scaling) with a form list read back", async () => {
    const group = sandbox.config.fleet.slots!.a.group;
    const out = await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
    expect(out.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual([group]);
  });

  it("answers ec2Query (EC2) with a flattened list of structures read back", async () => {
    const out = await clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "tag:glidepath:app", Values: ["nothing-has-this"] }] }));
    expect(out.Images).toEqual([]);
  });

  it("answers awsJson 1.0 (CloudWatch) and restJson (Image Builder) errors as AWS's", async () => {
    const alarms = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["no-such-alarm"] }));
    expect(alarms.MetricAlarms).toEqual([]);
    const error = await rejection(clients.imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1" })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", 404]);
  });

  it("reaches the sandbox's dynalite and its executions", async () => {
    const table = await clients.dynamodb.send(new DescribeTableCommand({ TableName: "glidepath-sandbox" }));
    expect(table.Table?.TableStatus).toBe("ACTIVE");
    const error = await rejection(clients.sfn.send(new SendTaskSuccessCommand({ taskToken: "no-such-token", output: "{}" })));
    expect([error.name, error.$fault]).toEqual(["TaskDoesNotExist", "client"]);
  });
});
