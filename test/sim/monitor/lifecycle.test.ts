// I6 and I9, judged at the end of a run: a fleet left up with nothing to serve, and a push never deployed.
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor at the end of a run", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;
  let scaledUpAt: number;
  let startedAt: number;

  beforeAll(async () => {
    watched = await startWatched();
    const { sandbox, monitor } = watched;
    startedAt = sandbox.clock.now();
    await watched.push("v1");
    await sandbox.executions.settled();
    // The idle slot's fleet (retired: minimum = maximum = 0) is brought up by hand and left there; v2 becomes the head but its event is lost.
    scaledUpAt = sandbox.clock.now();
    await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: sandbox.config.fleet.slots!.a.group, MinSize: 1, MaxSize: 1, DesiredCapacity: 1 }));
    monitor.branchHead(commitIdOf("v2"), "v2");
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("reports an idle fleet still up once scaleDownDelay, a drain and a reconcile period have passed (I6)", () => {
    const idle = violationsOf(report.violations, "I6");
    expect(idle).toEqual([expect.objectContaining({ detail: expect.stringContaining("slot a: auto scaling group shop-api-sandbox-a still has desired capacity 1") })]);
    expect(idle[0]!.detail).toContain("scaleDownDelay 2m + drain 1m + one reconcile period 5m");
    // 2m + 30s TTL + 30s propagation + 5m after it was scaled up.
    const allowance = 8 * 60;
    expect(idle[0]!.at).toBe(clockText((scaledUpAt - startedAt) / 1000 + allowance));
  });

  it("reports a push that was never deployed, superseded or recorded (I9)", () => {
    expect(violationsOf(report.violations, "I9")).toEqual([
      expect.objectContaining({ detail: "v2 was pushed but was neither deployed, superseded by a newer deployed commit, nor recorded with why not (no ledger record, no ignore reason)" }),
    ]);
  });

  it("reports nothing about v1, which was deployed", () => {
    expect(report.violations.map((v) => v.invariant).sort()).toEqual(["I6", "I9"]);
  });
});

function clockText(seconds: number): string {
  const pad = (n: number) => String(Math.floor(n)).padStart(2, "0");
  return `${pad(seconds / 3600)}:${pad((seconds / 60) % 60)}:${pad(seconds % 60)}`;
}
