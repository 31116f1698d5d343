import {
  CancelInstanceRefreshCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
  type RefreshPreferences,
} from "@aws-sdk/client-auto-scaling";
import { PutMetricAlarmCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { advanceUntil } from "../../../local/sim/index.ts";
import { aSandbox, rejectionOf } from "./harness.ts";

const GROUP = "shop-prod";

/** A group of `size` InService instances on launch template version 1, and version 2 (a new image) made. */
async function aGroupOf(size: number) {
  const box = aSandbox({ timings: { instanceBootMs: 60_000, instanceTerminateMs: 20_000 } });
  const image = (commit: string) => box.sim.ec2.registerImage({ name: `shop-${commit}`, tags: [{ Key: "commit", Value: commit }], bakeMs: 0, fails: false });
  const [amiA, amiB] = [image("aaa1111"), image("bbb2222")];
  box.clock.advance(0);
  const lt = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: GROUP, LaunchTemplateData: { ImageId: amiA } }));
  const LaunchTemplateId = lt.LaunchTemplate?.LaunchTemplateId ?? "";
  await box.clients.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId, SourceVersion: "1", LaunchTemplateData: { ImageId: amiB } }));
  await box.clients.autoscaling.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: GROUP, LaunchTemplate: { LaunchTemplateId, Version: "1" }, MinSize: size, MaxSize: size * 2, DesiredCapacity: size }),
  );
  const group = async () => (await box.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }))).AutoScalingGroups![0]!;
  /** Instances as `state version`, sorted. */
  const instances = async () => ((await group()).Instances ?? []).map((i) => `${i.LifecycleState} v${i.LaunchTemplate?.Version}`).sort();
  await advanceUntil(box.clock, async () => (await instances()).every((i) => i === "InService v1"), { stepMs: 10_000, maxMs: 120_000 });
  const refresh = async () => (await box.clients.autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: GROUP }))).InstanceRefreshes![0]!;
  const start = (Preferences: RefreshPreferences, version = "2") =>
    box.clients.autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: GROUP, DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId, Version: version } }, Preferences }));
  return { ...box, LaunchTemplateId, group, instances, refresh, start };
}

const inServiceCount = (list: string[]) => list.filter((i) => i.startsWith("InService")).length;

describe("Auto Scaling instance refresh", () => {
  it("replaces a batch at a time, pauses at each checkpoint for its delay, then puts the group on the new version", async () => {
    const { start, refresh, instances, group, clock } = await aGroupOf(4);
    await start({ MinHealthyPercentage: 75, MaxHealthyPercentage: 100, CheckpointPercentages: [25, 50, 100], CheckpointDelay: 300 });
    expect((await refresh()).Status).toBe("Pending");
    await advanceUntil(clock, async () => (await refresh()).PercentageComplete === 25, { stepMs: 5_000, maxMs: 300_000 });
    expect(await refresh()).toMatchObject({ Status: "InProgress", StatusReason: "Waiting at checkpoint 25% for 300 seconds (CheckpointDelay).", InstancesToUpdate: 3 });
    // Paused: nothing more is replaced until the delay ends.
    clock.advance(240_000);
    await advanceUntil(clock, () => true);
    expect(await instances()).toEqual(["InService v1", "InService v1", "InService v1", "InService v2"]);
    await advanceUntil(clock, async () => (await refresh()).PercentageComplete === 50, { stepMs: 5_000, maxMs: 300_000 });
    await advanceUntil(clock, async () => (await refresh()).Status === "Successful", { stepMs: 5_000, maxMs: 900_000 });
    expect(await instances()).toEqual(["InService v2", "InService v2", "InService v2", "InService v2"]);
    expect((await group()).LaunchTemplate?.Version).toBe("2");
  });

  it("never has fewer InService instances than desired when it launches first (MinHealthy 100, MaxHealthy 125)", async () => {
    const { start, refresh, instances, clock } = await aGroupOf(4);
    await start({ MinHealthyPercentage: 100, MaxHealthyPercentage: 125, CheckpointPercentages: [50, 100], CheckpointDelay: 60 });
    let fewest = 4;
    let most = 0;
    await advanceUntil(
      clock,
      async () => {
        const now = await instances();
        fewest = Math.min(fewest, inServiceCount(now));
        most = Math.max(most, now.filter((i) => !i.startsWith("Terminating")).length);
        return (await refresh()).Status === "Successful";
      },
      { stepMs: 2_000, maxMs: 1_800_000 },
    );
    expect(fewest).toBe(4);
    expect(most).toBe(5);
    expect(await instances()).toEqual(["InService v2", "InService v2", "InService v2", "InService v2"]);
  });

  it("stays Baking for BakeTime after the last replacement, and can still be rolled back then", async () => {
    const { start, refresh, instances, clock, clients } = await aGroupOf(2);
    await start({ MinHealthyPercentage: 100, MaxHealthyPercentage: 200, BakeTime: 600 });
    await advanceUntil(clock, async () => (await refresh()).Status === "Baking", { stepMs: 5_000, maxMs: 600_000 });
    expect(await instances()).toEqual(["InService v2", "InService v2"]);
    await clients.autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: GROUP }));
    await advanceUntil(clock, async () => (await refresh()).Status === "RollbackSuccessful", { stepMs: 5_000, maxMs: 600_000 });
    expect(await instances()).toEqual(["InService v1", "InService v1"]);
  });

  it("rolls back by itself when an alarm of its AlarmSpecification goes to ALARM, naming the alarm", async () => {
    const { start, refresh, instances, group, clock, clients } = await aGroupOf(4);
    await clients.cloudwatch.send(
      new PutMetricAlarmCommand({ AlarmName: "shop-5xx", Namespace: "Shop", MetricName: "Errors", Statistic: "Sum", Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: "GreaterThanThreshold" }),
    );
    await start({ MinHealthyPercentage: 100, MaxHealthyPercentage: 125, CheckpointPercentages: [25, 100], CheckpointDelay: 600, AutoRollback: true, AlarmSpecification: { Alarms: ["shop-5xx"] } });
    await advanceUntil(clock, async () => (await refresh()).PercentageComplete === 25, { stepMs: 5_000, maxMs: 300_000 });
    await clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "shop-5xx", StateValue: "ALARM", StateReason: "drill" }));
    expect(await refresh()).toMatchObject({
      Status: "RollbackInProgress",
      StatusReason: "The instance refresh failed because alarm shop-5xx is in ALARM state.",
      RollbackDetails: { RollbackReason: "The instance refresh failed because alarm shop-5xx is in ALARM state.", PercentageCompleteOnRollback: 25, InstancesToUpdateOnRollback: 1 },
    });
    await advanceUntil(clock, async () => (await refresh()).Status === "RollbackSuccessful", { stepMs: 5_000, maxMs: 600_000 });
    expect(await instances()).toEqual(["InService v1", "InService v1", "InService v1", "InService v1"]);
    expect((await group()).LaunchTemplate?.Version).toBe("1");
  });

  it("reports a rollback's PercentageComplete going back down to zero as instances return to the previous version", async () => {
    const { start, refresh, clock, clients } = await aGroupOf(4);
    await start({ MinHealthyPercentage: 100, MaxHealthyPercentage: 125, CheckpointPercentages: [50, 100], CheckpointDelay: 600, AutoRollback: true });
    await advanceUntil(clock, async () => (await refresh()).PercentageComplete === 50, { stepMs: 5_000, maxMs: 300_000 });
    await clients.autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: GROUP }));
    const seen: number[] = [];
    await advanceUntil(
      clock,
      async () => {
        const now = await refresh();
        seen.push(now.PercentageComplete ?? -1);
        return now.Status === "RollbackSuccessful";
      },
      { stepMs: 5_000, maxMs: 600_000 },
    );
    // "PercentageComplete does not include instances that are replaced during a rollback. This value gradually
    // goes back down to zero during a rollback." (API_InstanceRefresh)
    expect(seen[0]).toBe(50);
    expect(seen.at(-1)).toBe(0);
    expect(seen.every((percent, i) => i === 0 || percent <= seen[i - 1]!)).toBe(true);
    expect(new Set(seen).size).toBeGreaterThan(2);
  });

  it("fails without rolling back when AutoRollback is off", async () => {
    const { start, refresh, clock, clients } = await aGroupOf(2);
    await clients.cloudwatch.send(
      new PutMetricAlarmCommand({ AlarmName: "shop-5xx", Namespace: "Shop", MetricName: "Errors", Statistic: "Sum", Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: "GreaterThanThreshold" }),
    );
    await clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: "shop-5xx", StateValue: "ALARM", StateReason: "drill" }));
    await start({ MinHealthyPercentage: 50, AlarmSpecification: { Alarms: ["shop-5xx"] } });
    await advanceUntil(clock, async () => (await refresh()).Status === "Failed", { stepMs: 1_000, maxMs: 10_000 });
  });

  it("keeps what it replaced when cancelled", async () => {
    const { start, refresh, instances, clock, clients } = await aGroupOf(4);
    await start({ MinHealthyPercentage: 75, CheckpointPercentages: [25, 100], CheckpointDelay: 600 });
    await advanceUntil(clock, async () => (await refresh()).PercentageComplete === 25, { stepMs: 5_000, maxMs: 300_000 });
    await clients.autoscaling.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: GROUP }));
    expect((await refresh()).Status).toBe("Cancelled");
    clock.advance(900_000);
    await advanceUntil(clock, () => true);
    expect(await instances()).toEqual(["InService v1", "InService v1", "InService v1", "InService v2"]);
  });

  it.each<[string, (box: Awaited<ReturnType<typeof aGroupOf>>) => Promise<unknown>, string, RegExp]>([
    ["a second refresh while one runs", async ({ start }) => (await start({ MinHealthyPercentage: 50 }), start({ MinHealthyPercentage: 50 })), "InstanceRefreshInProgressFault", /already in progress/],
    ["MaxHealthyPercentage above 200", ({ start }) => start({ MinHealthyPercentage: 100, MaxHealthyPercentage: 250 }), "ValidationError", /maxHealthyPercentage/i],
    ["MaxHealthyPercentage more than 100 above the minimum", ({ start }) => start({ MinHealthyPercentage: 50, MaxHealthyPercentage: 200 }), "ValidationError", /cannot exceed 100/],
    ["checkpoints that do not ascend", ({ start }) => start({ MinHealthyPercentage: 50, CheckpointPercentages: [50, 20, 100] }), "ValidationError", /ascending/],
    ["AutoRollback to $Latest", ({ start }) => start({ MinHealthyPercentage: 50, AutoRollback: true }, "$Latest"), "ValidationError", /\$Latest or \$Default/],
    ["a rollback with no refresh running", ({ clients }) => clients.autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: GROUP })), "ActiveInstanceRefreshNotFoundFault", /No in progress/],
    ["a cancel with no refresh running", ({ clients }) => clients.autoscaling.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: GROUP })), "ActiveInstanceRefreshNotFoundFault", /No in progress/],
    [
      "a rollback of a refresh without a desired configuration",
      async ({ clients }) => (
        await clients.autoscaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: GROUP, Preferences: { MinHealthyPercentage: 50 } })),
        clients.autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: GROUP }))
      ),
      "IrreversibleInstanceRefreshFault",
      /without a desired configuration/,
    ],
  ])("refuses %s", async (_what, act, name, message) => {
    const box = await aGroupOf(2);
    const error = await rejectionOf(act(box));
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
  });
});
