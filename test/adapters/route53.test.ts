import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { Route53Target } from "../../functions/adapters/ports.ts";
import { makeRoute53Dns } from "../../functions/adapters/route53.ts";
import { InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const route53 = mockClient(Route53Client);
const dns = makeRoute53Dns(route53 as unknown as Route53Client);
const target: Route53Target = { kind: "route53", hostedZoneId: "ZONE1", recordName: "api.example.com", type: "CNAME", ttl: 60, setIdPrefix: "shop-prod" };

const weighted = (name: string, setId: string, weight: number, value: string) => ({
  Name: name,
  Type: "CNAME" as const,
  SetIdentifier: setId,
  Weight: weight,
  TTL: 60,
  ResourceRecords: [{ Value: value }],
});

beforeEach(() => route53.reset());

describe("Route 53 weighted records", () => {
  it("reads both slots' weights and endpoints, matching names with a trailing dot", async () => {
    route53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        weighted("api.example.com.", "shop-prod-a", 255, "a.elb.amazonaws.com"),
        weighted("api.example.com.", "other-a", 9, "x"),
        weighted("api.example.com.", "shop-prod-b", 0, "b.elb.amazonaws.com"),
        weighted("beta.example.com.", "shop-prod-a", 1, "y"),
      ],
      IsTruncated: false,
      MaxItems: 100,
    });
    expect(await dns.readWeights(target)).toEqual({
      weights: { a: 255, b: 0 },
      endpoints: { a: "a.elb.amazonaws.com", b: "b.elb.amazonaws.com" },
      ttl: 60,
    });
    expect(route53.commandCalls(ListResourceRecordSetsCommand)[0]?.args[0].input).toEqual({
      HostedZoneId: "ZONE1",
      StartRecordName: "api.example.com",
      StartRecordType: "CNAME",
    });
  });

  it("pages through the listing until it passes the record name", async () => {
    route53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [weighted("api.example.com.", "shop-prod-a", 200, "a")],
        IsTruncated: true,
        NextRecordName: "api.example.com.",
        NextRecordType: "CNAME",
        NextRecordIdentifier: "shop-prod-b",
        MaxItems: 1,
      })
      .resolvesOnce({ ResourceRecordSets: [weighted("api.example.com.", "shop-prod-b", 55, "b")], IsTruncated: false, MaxItems: 1 });
    const records = await dns.readWeights(target);
    expect(records.weights).toEqual({ a: 200, b: 55 });
    expect(route53.commandCalls(ListResourceRecordSetsCommand)[1]?.args[0].input).toMatchObject({
      StartRecordName: "api.example.com.",
      StartRecordIdentifier: "shop-prod-b",
    });
  });

  it("reports a missing slot record as null", async () => {
    route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [weighted("api.example.com.", "shop-prod-a", 255, "a")], IsTruncated: false, MaxItems: 100 });
    const records = await dns.readWeights(target);
    expect(records.weights).toEqual({ a: 255, b: null });
    expect(records.endpoints.b).toBeNull();
  });

  it("writes both weights as two UPSERTs in one batch with the writer's fence, and returns the bare change id", async () => {
    route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [fenceRecord('"glidepath sweeper 6 by cleanup"')], IsTruncated: false, MaxItems: 1 });
    route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: "/change/C123", Status: "PENDING", SubmittedAt: new Date() } });
    const result = await dns.setWeights(target, { a: 230, b: 26 }, { a: "a.elb", b: "b.elb" }, { token: 7, role: "holder", by: "shop-prod-ab12" });
    expect(result).toEqual({ changeId: "C123" });
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(1);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]?.args[0].input).toEqual({
      HostedZoneId: "ZONE1",
      ChangeBatch: {
        Comment: "glidepath shop-prod: weights a=230 b=26, by shop-prod-ab12 (holder, token 7)",
        Changes: [
          { Action: "DELETE", ResourceRecordSet: fenceRecord('"glidepath sweeper 6 by cleanup"') },
          { Action: "CREATE", ResourceRecordSet: fenceRecord('"glidepath holder 7 by shop-prod-ab12"') },
          { Action: "UPSERT", ResourceRecordSet: { Name: "api.example.com", Type: "CNAME", TTL: 60, SetIdentifier: "shop-prod-a", Weight: 230, ResourceRecords: [{ Value: "a.elb" }] } },
          { Action: "UPSERT", ResourceRecordSet: { Name: "api.example.com", Type: "CNAME", TTL: 60, SetIdentifier: "shop-prod-b", Weight: 26, ResourceRecords: [{ Value: "b.elb" }] } },
        ],
      },
    });
  });

  it.each([
    ["PENDING", "PENDING"],
    ["INSYNC", "INSYNC"],
  ] as const)("reads change status %s", async (status, expected) => {
    route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: "/change/C1", Status: status, SubmittedAt: new Date() } });
    expect(await dns.changeStatus("/change/C1")).toBe(expected);
    expect(route53.commandCalls(GetChangeCommand)[0]?.args[0].input).toEqual({ Id: "C1" });
  });

  it.each([
    ["Throttling", ThrottledError],
    ["PriorRequestNotComplete", PriorChangePendingError],
    ["InvalidChangeBatch", InvalidChangeBatchError],
  ])("maps %s from ChangeResourceRecordSets to %o", async (name, expected) => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(awsError(name, "AWS says no"));
    route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 1 });
    const attempt = dns.setWeights(target, { a: 1, b: 1 }, { a: "a", b: "b" }, { token: 1, role: "holder", by: "d1" });
    await expect(attempt).rejects.toBeInstanceOf(expected);
    await expect(attempt).rejects.toThrow(/AWS says no/);
  });

  it("maps throttling while reading records too", async () => {
    route53.on(ListResourceRecordSetsCommand).rejects(awsError("Throttling"));
    await expect(dns.readWeights(target)).rejects.toBeInstanceOf(ThrottledError);
  });
});

/** The fence TXT record (core/fence.ts) of the test target, as Route 53 stores it. */
function fenceRecord(value: string) {
  return { Name: "_glidepath-fence.api.example.com", Type: "TXT" as const, TTL: 300, ResourceRecords: [{ Value: value }] };
}
