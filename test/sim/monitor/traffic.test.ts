// I2: the monitor sees traffic (authoritative weights, or still cached by resolvers) sent to a fleet with
// no InService instance, and weights that are all zero.
import { ChangeResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setIdentifier } from "../../../functions/core/naming.ts";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { advanceUntil } from "../../../local/sim/index.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor: I2, no traffic to an empty fleet", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    await watched.push("v1");
    await sandbox.executions.settled();
    // v1 serves from slot b. Move all traffic to slot a by hand and retire b the safe way: INSYNC, then the TTL.
    await scale(sandbox, "a", 2);
    await advanceUntil(sandbox.clock, () => inService(sandbox, "a"), { stepMs: 5_000, maxMs: 600_000 });
    await setWeights(sandbox, { a: 255, b: 0 });
    sandbox.clock.advance(30_000 + 30_000 + 1_000);
    await scale(sandbox, "b", 0);
    // Then back to b, but a is scaled down as soon as the change is INSYNC: resolvers still cache its weight.
    await scale(sandbox, "b", 2);
    await advanceUntil(sandbox.clock, () => inService(sandbox, "b"), { stepMs: 5_000, maxMs: 600_000 });
    await setWeights(sandbox, { a: 0, b: 255 });
    sandbox.clock.advance(30_000);
    await scale(sandbox, "a", 0);
    sandbox.clock.advance(60_000);
    // Finally, the serving fleet itself goes, and a batch writes both weights as 0.
    await scale(sandbox, "b", 0);
    sandbox.clock.advance(5_000);
    await setWeights(sandbox, { a: 0, b: 0 });
    sandbox.clock.advance(5_000);
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("reports a fleet scaled down while resolvers may still cache its weight, until the TTL has passed", () => {
    const cached = violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("slot a: resolvers may still"));
    expect(cached).toHaveLength(1);
    expect(cached[0]!.detail).toMatch(/resolvers may still send it traffic until (\d\d:){2}\d\d .*TTL.*shop-api-sandbox-a has 0 InService/);
    // It ends when the TTL does: 30 s after the INSYNC, which came 30 s after the change.
    const [start, end] = [seconds(cached[0]!.at), seconds(cached[0]!.until!)];
    expect(end - start).toBe(30);
  });

  it("reports the serving fleet scaled to 0 while Route 53 still sends it all the traffic", () => {
    const serving = violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("slot b"));
    expect(serving).toHaveLength(1);
    expect(serving[0]!.detail).toContain("Route 53 weight 255");
    expect(serving[0]!.detail).toContain("shop-api-sandbox-b has 0 InService (desired 0)");
  });

  it("reports weights that are all zero, and the empty fleets the even split then sends traffic to", () => {
    expect(violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("every weight"))).toHaveLength(1);
    expect(violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("slot a: every weight is 0"))).toHaveLength(1);
  });

  it("does not report the fleet retired after INSYNC and the TTL", () => {
    expect(violationsOf(report.violations, "I2")).toHaveLength(4);
  });

  it("counts its checks", () => {
    expect(report.checked).toBeGreaterThan(100);
  });
});

const seconds = (at: string) => at.split(":").map(Number).reduce((total, part) => total * 60 + part, 0);

async function scale(sandbox: Sandbox, slot: "a" | "b", desired: number): Promise<void> {
  const group = sandbox.config.fleet.slots![slot].group;
  await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MinSize: desired, MaxSize: desired, DesiredCapacity: desired }));
}

function inService(sandbox: Sandbox, slot: "a" | "b"): boolean {
  return (sandbox.sim.autoscaling.capacityOf(sandbox.config.fleet.slots![slot].group)?.inService ?? 0) > 0;
}

async function setWeights(sandbox: Sandbox, weights: { a: number; b: number }): Promise<void> {
  const { app, env, traffic, fleet } = sandbox.config;
  if (traffic.kind !== "route53") throw new Error("these cases move Route 53 weights");
  await sandbox.clients.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: traffic.hostedZoneId,
      ChangeBatch: {
        Changes: (["a", "b"] as const).map((slot) => ({
          Action: "UPSERT",
          ResourceRecordSet: { Name: traffic.recordName, Type: traffic.type, TTL: traffic.ttl, SetIdentifier: setIdentifier(app, env, slot), Weight: weights[slot], ResourceRecords: [{ Value: fleet.slots![slot].endpoint }] },
        })),
      },
    }),
  );
}
