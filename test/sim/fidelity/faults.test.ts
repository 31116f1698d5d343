import { ChangeResourceRecordSetsCommand, GetChangeCommand, PriorRequestNotComplete } from "@aws-sdk/client-route-53";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { advanceUntil } from "../../../local/sim/index.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

describe("fault injection", () => {
  it("fails the next N calls with the client's modeled exception and changes nothing", async () => {
    const { sim, clients } = aSandbox();
    const zone = sim.route53.createHostedZone("example.com");
    sim.faults.inject({ service: "route53", operation: "ChangeResourceRecordSets", error: "PriorRequestNotComplete", times: 2 });
    const change = () =>
      clients.route53.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: zone.id,
          ChangeBatch: { Changes: [{ Action: "UPSERT", ResourceRecordSet: { Name: "a.example.com", Type: "A", TTL: 60, ResourceRecords: [{ Value: "1.2.3.4" }] } }] },
        }),
      );
    expect(await rejectionOf(change())).toBeInstanceOf(PriorRequestNotComplete);
    expect(await rejectionOf(change())).toBeInstanceOf(PriorRequestNotComplete);
    await expect(change()).resolves.toBeDefined();
    expect(sim.faults.fired).toHaveLength(2);
  });

  it("marks server faults as 5xx", async () => {
    const { sim, clients } = aSandbox();
    sim.faults.inject({ service: "ssm", operation: "GetParameter", error: "InternalServerError" });
    const error = await rejectionOf(clients.ssm.send(new GetParameterCommand({ Name: "/x" })));
    expect([error.name, error.$fault, error.$metadata.httpStatusCode]).toEqual(["InternalServerError", "server", 500]);
  });

  it("answers ServiceUnavailable with 503, which the SDK retries like AWS's: three attempts per call", async () => {
    const { sim, clients } = aSandbox({ maxAttempts: 3 });
    sim.route53.createHostedZone("example.com");
    sim.faults.inject({ service: "route53", operation: "GetChange", error: "ServiceUnavailable", times: 4 });
    const error = await rejectionOf(clients.route53.send(new GetChangeCommand({ Id: "C1" })));
    expect([error.name, error.$fault, error.$metadata.httpStatusCode, error.$metadata.attempts]).toEqual(["ServiceUnavailable", "server", 503, 3]);
    expect(sim.faults.fired).toHaveLength(3);
  });

  it("touches only the named operation", async () => {
    const { sim, clients } = aSandbox();
    sim.faults.inject({ service: "ssm", operation: "GetParameter", error: "ThrottlingException" });
    await expect(clients.ssm.send(new PutParameterCommand({ Name: "/x", Value: "1", Type: "String" }))).resolves.toBeDefined();
  });
});

describe("advanceUntil", () => {
  it("fails instead of waiting forever when the condition never comes", async () => {
    const { clock } = aSandbox();
    await expect(advanceUntil(clock, () => false, { stepMs: 1_000, maxMs: 5_000 })).rejects.toThrow(/still false after 5000 virtual ms/);
  });
});
