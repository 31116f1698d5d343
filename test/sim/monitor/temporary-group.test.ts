// The monitor's checks for an immutable deployment's temporary group see a break: one left behind at rest (I1),
// and the group's endpoint with no InService instance in any group behind it (I2), while a temporary group in
// service counts as serving the endpoint.
import {
  AttachTrafficSourcesCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeTrafficSourcesCommand,
  DetachInstancesCommand,
  DetachTrafficSourcesCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { imageTags } from "../../../functions/core/naming.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { startWatched, violationsOf, type WatchedSandbox } from "./watched-sandbox.ts";

const GROUP = "shop-api-sandbox";
const TEMPORARY = `${GROUP}-immutable-shop-api-sandbox-v2`;
const immutable = (): ConfigInput => ({
  ...sandboxConfigInput(),
  fleet: { provider: "autoscaling", capacity: 2, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } },
  strategy: { kind: "immutable" },
});

/** A temporary group as Launch the temporary group makes one: tagged with the deployment, at the group's size. */
async function launchTemporaryGroup(sandbox: Sandbox): Promise<void> {
  const tags = imageTags({ app: sandbox.config.app, env: sandbox.config.env, commit: "v2", deploymentId: "shop-api-sandbox-v2" });
  await sandbox.clients.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: TEMPORARY,
      LaunchTemplate: { LaunchTemplateId: sandbox.config.fleet.launchTemplateId, Version: "1" },
      MinSize: 2,
      MaxSize: 2,
      DesiredCapacity: 2,
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
    }),
  );
}

async function targetGroupsOf(sandbox: Sandbox, group: string) {
  const { TrafficSources } = await sandbox.clients.autoscaling.send(new DescribeTrafficSourcesCommand({ AutoScalingGroupName: group }));
  return (TrafficSources ?? []).map(({ Identifier, Type }) => ({ Identifier, Type }));
}

describe("the invariant monitor on an immutable deployment's temporary group", () => {
  let watched: WatchedSandbox | undefined;
  afterEach(() => watched?.sandbox.close());

  it("reports a temporary group left behind at rest", async () => {
    watched = await startWatched({ config: immutable(), reconcileEverySeconds: false });
    const { sandbox, monitor } = watched;
    sandbox.clock.advance(120_000);
    await launchTemporaryGroup(sandbox);
    sandbox.clock.advance(120_000);
    const report = await monitor.finish();
    expect(violationsOf(report.violations, "I1")).toContainEqual(expect.objectContaining({ detail: `at rest, temporary group ${TEMPORARY} of ${GROUP} still exists` }));
  }, 120_000);

  it("reports instances an interrupted cut-over left in no group at rest", async () => {
    watched = await startWatched({ config: immutable(), reconcileEverySeconds: false });
    const { sandbox, monitor } = watched;
    sandbox.clock.advance(120_000);
    await launchTemporaryGroup(sandbox);
    sandbox.clock.advance(120_000);
    // The cut-over's DetachInstances landed; its AttachInstances never came.
    const { AutoScalingGroups } = await sandbox.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [TEMPORARY] }));
    const moving = (AutoScalingGroups?.[0]?.Instances ?? []).map((instance) => instance.InstanceId ?? "");
    await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: TEMPORARY, MinSize: 0 }));
    await sandbox.clients.autoscaling.send(new DetachInstancesCommand({ AutoScalingGroupName: TEMPORARY, InstanceIds: moving, ShouldDecrementDesiredCapacity: true }));
    sandbox.clock.advance(60_000);
    const report = await monitor.finish();
    expect(moving).toHaveLength(2);
    expect(violationsOf(report.violations, "I6")).toContainEqual(expect.objectContaining({ detail: `at rest, 2 instances (${moving.join(", ")}) run in no Auto Scaling group` }));
  }, 120_000);

  /** The group emptied while a temporary group serves beside it; `detach` then takes the temporary group out. */
  async function emptyTheGroupBesideATemporaryOne({ detach }: { detach: boolean }) {
    watched = await startWatched({ config: immutable(), reconcileEverySeconds: false });
    const { sandbox, monitor } = watched;
    sandbox.clock.advance(120_000);
    await launchTemporaryGroup(sandbox);
    sandbox.clock.advance(120_000);
    await sandbox.clients.autoscaling.send(new AttachTrafficSourcesCommand({ AutoScalingGroupName: TEMPORARY, TrafficSources: await targetGroupsOf(sandbox, GROUP) }));
    await sandbox.clients.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: GROUP, MinSize: 0, DesiredCapacity: 0 }));
    sandbox.clock.advance(60_000);
    if (detach) await sandbox.clients.autoscaling.send(new DetachTrafficSourcesCommand({ AutoScalingGroupName: TEMPORARY, TrafficSources: await targetGroupsOf(sandbox, TEMPORARY) }));
    sandbox.clock.advance(5_000);
    return violationsOf((await monitor.finish()).violations, "I2");
  }

  it("counts a temporary group in service as serving the group's endpoint", async () => {
    expect(await emptyTheGroupBesideATemporaryOne({ detach: false })).toEqual([]);
  }, 120_000);

  it("reports the endpoint once no group behind it has an InService instance", async () => {
    expect(await emptyTheGroupBesideATemporaryOne({ detach: true })).toContainEqual(
      expect.objectContaining({ detail: expect.stringContaining(`auto scaling group ${GROUP} gets all the traffic but has 0 InService instances`) }),
    );
  }, 120_000);
});
