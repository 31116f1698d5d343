// I10: with canaryScale, the monitor sees a slot given a larger share of traffic than its InService
// instances are of the full fleet: a shift that overloads a small canary, and one that comes before the
// scaled fleet is InService. Broken on purpose, by hand, with the same calls a deployment makes.
import { ChangeResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { setIdentifier } from "../../../functions/core/naming.ts";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { advanceUntil } from "../../../local/sim/index.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

function smallCanary(): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { ...input.fleet, capacity: 4 },
    strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }], canaryScale: { percent: 25 } },
  };
}

describe("the invariant monitor: I10, no step overloads a small canary", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;

  beforeAll(async () => {
    watched = await startWatched({ config: smallCanary() });
    const { sandbox, monitor } = watched;
    await watched.push("v1");
    await sandbox.executions.settled();
    // v1 serves from slot b on 4 instances. Slot a comes up on 1 and takes 20%: within its 25% of capacity.
    await scale(sandbox, "a", 1);
    await advanceUntil(sandbox.clock, () => inService(sandbox, "a") === 1, { stepMs: 5_000, maxMs: 600_000 });
    await setWeights(sandbox, { a: 51, b: 204 });
    sandbox.clock.advance(120_000);
    // The break: 50% to the one instance (25% of the fleet's capacity).
    await setWeights(sandbox, { a: 128, b: 127 });
    sandbox.clock.advance(60_000);
    // Then scaled to 4, the share stays at 50% while three instances still boot: still over, until they are in.
    await scale(sandbox, "a", 4);
    await advanceUntil(sandbox.clock, () => inService(sandbox, "a") === 4, { stepMs: 5_000, maxMs: 600_000 });
    sandbox.clock.advance(60_000);
    // Back to b the safe way: weight first, scaled down after INSYNC and the TTL.
    await setWeights(sandbox, { a: 0, b: 255 });
    sandbox.clock.advance(30_000 + 30_000 + 1_000);
    await scale(sandbox, "a", 0);
    sandbox.clock.advance(5_000);
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("reports the small canary given more than its capacity, until it is InService at full size", () => {
    const overloads = violationsOf(report.violations, "I10");
    expect(overloads).toHaveLength(1);
    expect(overloads[0]!.detail).toBe("slot a gets 50.2% of traffic (Route 53), but auto scaling group shop-api-sandbox-a has 1 InService of the full fleet's 4 (25% of its capacity)");
    // It held from the 50% write until the last of the four instances was InService, not a moment less.
    const [start, end] = [seconds(overloads[0]!.at), seconds(overloads[0]!.until!)];
    expect(end - start).toBeGreaterThan(60);
  });

  it("does not report 20% on one instance of four, the live fleet at 80–100%, or the retired fleet", () => {
    expect(report.violations.map((violation) => violation.invariant)).toEqual(["I10"]);
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

function inService(sandbox: Sandbox, slot: "a" | "b"): number {
  return sandbox.sim.autoscaling.capacityOf(sandbox.config.fleet.slots![slot].group)?.inService ?? 0;
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
