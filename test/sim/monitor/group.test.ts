// The monitor's checks for one Auto Scaling group see a break: capacity below desired during a refresh that
// launches before it terminates, and a group left with no InService instance while its load balancer serves.
import { SetDesiredCapacityCommand, StartInstanceRefreshCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

const GROUP = "shop-api-sandbox";
const oneGroup = (): ConfigInput => ({
  ...sandboxConfigInput(),
  fleet: { provider: "autoscaling", capacity: 2, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } },
  strategy: { kind: "rolling", extraBatch: true, steps: [{ percent: 50, bake: "1m" }, { percent: 100 }] },
});

describe("the invariant monitor on one group", () => {
  let watched: WatchedSandbox | undefined;
  afterEach(() => watched?.sandbox.close());

  it("reports fewer InService instances than desired during a refresh that launches first", async () => {
    watched = await startWatched({ config: oneGroup() });
    const { sandbox, monitor } = watched;
    sandbox.clock.advance(120_000);
    await sandbox.clients.autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: GROUP, Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 150 } }));
    sandbox.clock.advance(1_000);
    // Someone raises the desired capacity mid-refresh: the new instances boot, and for a minute the group is short.
    await sandbox.clients.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: GROUP, DesiredCapacity: 4 }));
    sandbox.clock.advance(5_000);
    const report = await monitor.finish();
    expect(violationsOf(report.violations, "I2")).toContainEqual(
      expect.objectContaining({ detail: expect.stringMatching(/shop-api-sandbox has 2 InService instances, fewer than its desired 4, during an instance refresh that launches before it terminates/) }),
    );
  }, 120_000);

  it("reports a group that serves with no InService instance", async () => {
    watched = await startWatched({ config: oneGroup() });
    const { sandbox, monitor } = watched;
    sandbox.clock.advance(120_000);
    await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: GROUP, MinSize: 0, DesiredCapacity: 0 }));
    sandbox.clock.advance(5_000);
    const report = await monitor.finish();
    expect(violationsOf(report.violations, "I2")).toContainEqual(expect.objectContaining({ detail: expect.stringContaining("auto scaling group shop-api-sandbox gets all the traffic but has 0 InService instances") }));
  }, 120_000);
});
