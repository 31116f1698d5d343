import { ListHealthChecksCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { ListExecutionsCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

// Both ways the simulator answers (the wire format, and the fuzzer's direct answers) keep the SDK's retry behaviour.
describe.each(["wire", "direct"] as const)("simulated clients answering %s", (answer) => {
  it("let the SDK retry a simulated Throttling", async () => {
    const { sim, clients } = aSandbox({ maxAttempts: 3, answer });
    const zone = sim.route53.createHostedZone("example.com");
    sim.faults.inject({ service: "route53", operation: "ListResourceRecordSets", error: "Throttling", times: 2 });
    const out = await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id }));
    expect(out.$metadata.attempts).toBe(3);
    expect(sim.calls.map((c) => c.error ?? "ok")).toEqual(["Throttling", "Throttling", "ok"]);
  });

  it("surface Throttling at once with maxAttempts 1", async () => {
    const { sim, clients } = aSandbox({ maxAttempts: 1, answer });
    const zone = sim.route53.createHostedZone("example.com");
    sim.faults.inject({ service: "route53", operation: "ListResourceRecordSets", error: "Throttling", times: 1 });
    const error = await rejectionOf(clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.id })));
    expect([error.name, error.$fault, error.$metadata.httpStatusCode]).toEqual(["Throttling", "client", 400]);
    expect(sim.calls).toHaveLength(1);
  });

  it("do not retry a validation error", async () => {
    const { sim, clients } = aSandbox({ maxAttempts: 3, answer });
    const error = await rejectionOf(clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: "ZNOPE" })));
    expect(error.name).toBe("NoSuchHostedZone");
    expect(sim.calls).toHaveLength(1);
  });

  it("name the service and operation the simulator does not support", async () => {
    const { clients } = aSandbox({ answer });
    const error = await rejectionOf(clients.route53.send(new ListHealthChecksCommand({})));
    expect(error.message).toBe("Simulator does not support route53:ListHealthChecks");
  });

  it("refuse Step Functions loudly", async () => {
    const { clients } = aSandbox({ answer });
    const error = await rejectionOf(clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:x" })));
    expect(error.message).toMatch(/Step Functions is not simulated \(sfn:ListExecutions\)/);
  });
});
