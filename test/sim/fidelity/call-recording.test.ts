// The per-Lambda call recording behind the IAM derivation test: calls are attributed to the function running
// them, the sandbox's own calls are not, and each call becomes the IAM requests AWS would authorize.
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { callRecordingFromEnv } from "../../../local/sandbox/call-recording.ts";
import { asFunction, outsideFunctions } from "../../../local/sandbox/function-scope.ts";
import { iamRequestsOf } from "../../../local/sim/iam-requests.ts";
import { useTemporaryFolders } from "../../fixtures/temporary-folders.ts";
import { aSandbox } from "./harness.ts";

const temporaryFolder = useTemporaryFolders("glidepath-call-recording-");

describe("recording each Lambda's calls", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("attributes each call to the function making it, and records nothing made outside any function", async () => {
    const file = join(temporaryFolder(), "calls.jsonl");
    vi.stubEnv("GLIDEPATH_RECORD_CALLS", file);
    const { sim, clients } = aSandbox({ timings: { route53RequestsPerSecond: 0 } });
    const zone = sim.route53.createHostedZone("shop.example.com");
    const recorder = callRecordingFromEnv(sim, clients)!;
    const list = () => clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id }));
    await list();
    await asFunction("shiftTraffic", () =>
      clients.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: { Changes: [{ Action: "UPSERT", ResourceRecordSet: { Name: "api.shop.example.com", Type: "CNAME", SetIdentifier: "a", Weight: 1, TTL: 60, ResourceRecords: [{ Value: "a.lb" }] } }] },
        }),
      ),
    );
    await asFunction("preflight", () => outsideFunctions(list));
    recorder.recording.flush(recorder.file);
    const lines = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        function: "shiftTraffic",
        action: "route53:ChangeResourceRecordSets",
        resource: `arn:aws:route53:::hostedzone/${zone.id}`,
        context: {
          "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["api.shop.example.com"],
          "route53:ChangeResourceRecordSetsRecordTypes": ["CNAME"],
        },
      },
    ]);
  });

  it("authorizes a DynamoDB transaction as each of its parts on the table", () => {
    const table = "arn:aws:dynamodb:us-east-1:123456789012:table/glidepath-sandbox";
    const requests = iamRequestsOf("dynamodb", "TransactWriteItems", {
      TransactItems: [{ Put: { TableName: "glidepath-sandbox" } }, { ConditionCheck: { TableName: "glidepath-sandbox" } }],
    });
    expect(requests).toEqual([
      { action: "dynamodb:PutItem", resource: table },
      { action: "dynamodb:ConditionCheckItem", resource: table },
    ]);
  });

  it("names the resource each call is authorized against, or * where the action has none", () => {
    expect(iamRequestsOf("cloudwatch", "DescribeAlarms", { AlarmNames: ["shop-b-errors"] })).toEqual([
      { action: "cloudwatch:DescribeAlarms", resource: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-b-errors" },
    ]);
    expect(iamRequestsOf("ssm", "GetParameter", { Name: "/glidepath/shop-api/prod/config:3" })).toEqual([
      { action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-1:123456789012:parameter/glidepath/shop-api/prod/config" },
    ]);
    expect(iamRequestsOf("ec2", "DescribeImages", { Owners: ["self"] })).toEqual([{ action: "ec2:DescribeImages", resource: "*" }]);
  });
});
