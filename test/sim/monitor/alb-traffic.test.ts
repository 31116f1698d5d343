// I2 with `traffic.kind: alb`: the monitor reads the listener's forward action, so a target group given
// weight while its fleet has no InService instance is reported at once, a slot whose weight went to 0 may be
// scaled down at once (no resolver cache), and an action with every weight 0 (it forwards nowhere) is reported.
import { UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { ModifyListenerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvariantReport } from "../../../local/monitor/violation-log.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { advanceUntil } from "../../../local/sim/index.ts";
import { slotsOf } from "../../../functions/core/fleet-shape.ts";
import { albTraffic } from "../../fixtures/config.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

describe("the invariant monitor on an ALB: I2, no traffic to an empty fleet", () => {
  let watched: WatchedSandbox;
  let report: InvariantReport;

  beforeAll(async () => {
    watched = await startWatched({ config: { ...sandboxConfigInput(), traffic: albTraffic() } });
    const { sandbox, monitor } = watched;
    await watched.push("v1");
    await sandbox.executions.settled();
    // v1 serves from slot b. Move all traffic to a and scale b down at once: nothing caches an ALB's split.
    await scale(sandbox, "a", 2);
    await advanceUntil(sandbox.clock, () => inService(sandbox, "a"), { stepMs: 5_000, maxMs: 600_000 });
    await setWeights(sandbox, { a: 999, b: 0 });
    await scale(sandbox, "b", 0);
    sandbox.clock.advance(60_000);
    // Then some weight goes to b, whose fleet is down.
    await setWeights(sandbox, { a: 900, b: 99 });
    sandbox.clock.advance(30_000);
    await setWeights(sandbox, { a: 999, b: 0 });
    sandbox.clock.advance(30_000);
    // Finally both weights 0: the action forwards nowhere.
    await setWeights(sandbox, { a: 0, b: 0 });
    sandbox.clock.advance(5_000);
    await setWeights(sandbox, { a: 999, b: 0 });
    report = await monitor.finish();
  }, 120_000);

  afterAll(() => watched?.sandbox.close());

  it("reports a target group given weight while its fleet has no InService instance, until the weight is gone", () => {
    const served = violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("slot b"));
    expect(served).toHaveLength(1);
    expect(served[0]!.detail).toContain("the ALB weight 99");
    expect(served[0]!.detail).toContain("shop-api-sandbox-b has 0 InService");
    expect(seconds(served[0]!.until!) - seconds(served[0]!.at)).toBe(30);
  });

  it("reports an action whose weights are all zero", () => {
    const zero = violationsOf(report.violations, "I2").filter((v) => v.detail.startsWith("every weight"));
    expect(zero).toHaveLength(1);
    expect(zero[0]!.detail).toContain("no target group is left to serve requests");
  });

  it("does not report the fleet scaled down the moment its weight went to 0", () => {
    expect(violationsOf(report.violations, "I2")).toHaveLength(2);
  });
});

const seconds = (at: string) => at.split(":").map(Number).reduce((total, part) => total * 60 + part, 0);

async function scale(sandbox: Sandbox, slot: "a" | "b", desired: number): Promise<void> {
  const group = slotsOf(sandbox.config.fleet)[slot].group;
  await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group, MinSize: desired, MaxSize: desired, DesiredCapacity: desired }));
}

function inService(sandbox: Sandbox, slot: "a" | "b"): boolean {
  return (sandbox.sim.autoscaling.capacityOf(slotsOf(sandbox.config.fleet)[slot].group)?.inService ?? 0) > 0;
}

async function setWeights(sandbox: Sandbox, weights: { a: number; b: number }): Promise<void> {
  const { traffic } = sandbox.config;
  if (traffic.kind !== "alb") throw new Error("these cases move an ALB's weights");
  await sandbox.clients.elbv2.send(
    new ModifyListenerCommand({
      ListenerArn: traffic.listenerArn,
      DefaultActions: [{ Type: "forward", ForwardConfig: { TargetGroups: (["a", "b"] as const).map((slot) => ({ TargetGroupArn: traffic.targetGroups[slot], Weight: weights[slot] })) } }],
    }),
  );
}
