// The CodeDeploy fleet adapter against the simulated account (real SDK clients): the baked AMI really goes in
// service on the slot's instances, and the revision is one an EC2/On-premises deployment group accepts.
import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { CreateLaunchTemplateCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { makeCodeDeployFleet } from "../../functions/adapters/codedeploy.ts";
import { advanceUntil } from "../../local/sim/index.ts";
import type { InstanceRuntime, LaunchedInstance } from "../../local/sim/instance-runtime.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

const revision = { bucket: "shop-artifacts", key: "appspec/noop.zip", bundleType: "zip" as const };

async function aCodeDeploySlot() {
  const launched: LaunchedInstance[] = [];
  const runtime: InstanceRuntime = { launch: async (i) => (launched.push(i), { healthy: true }), terminate: async () => {} };
  const box = aSandbox({ runtime, timings: { instanceBootMs: 30_000, codedeployStartMs: 5_000, codedeployRunMs: 60_000 } });
  const image = (commit: string) => box.sim.ec2.registerImage({ name: `shop-${commit}`, tags: [{ Key: "commit", Value: commit }], bakeMs: 0, fails: false });
  const oldImage = image("aaa1111");
  const bakedImage = image("bbb2222");
  box.clock.advance(0);
  const template = await box.clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "shop-prod", LaunchTemplateData: { ImageId: oldImage } }));
  const launchTemplateId = template.LaunchTemplate?.LaunchTemplateId ?? "";
  await box.clients.autoscaling.send(
    new CreateAutoScalingGroupCommand({ AutoScalingGroupName: "shop-prod-b-asg", LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: "1" }, MinSize: 0, MaxSize: 2, DesiredCapacity: 0 }),
  );
  box.sim.codedeploy.createDeploymentGroup("shop", "shop-prod-b", { autoScalingGroups: ["shop-prod-b-asg"] });
  const fleet = makeCodeDeployFleet(box.clients.codedeploy, box.clients.autoscaling, box.clients.ec2);
  const deploy = () => fleet.deploy({ group: "shop-prod-b", imageId: bakedImage, capacity: 2, reference: "d-1", application: "shop", launchTemplateId, revision });
  return { ...box, fleet, deploy, launched, bakedImage };
}

describe("the CodeDeploy fleet on the simulated account", () => {
  it("is accepted by an EC2/On-premises deployment group, whose CreateDeployment refuses a String revision", async () => {
    const { deploy, clients } = await aCodeDeploySlot();
    const { ref } = await deploy();
    const deploymentId = ref.split(":")[0];
    const info = (await clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo;
    expect(info?.revision).toEqual({ revisionType: "S3", s3Location: revision });
  });

  it("is ready only once the deployment succeeded and every instance runs the baked AMI", async () => {
    const { deploy, fleet, clock, clients, launched } = await aCodeDeploySlot();
    const { ref } = await deploy();
    clock.advance(40_000);
    const early = await fleet.status({ group: "shop-prod-b", ref });
    expect(early).toMatchObject({ ready: false, failed: false, desired: 2, inService: 2 });
    expect(early.reason).toMatch(/is InProgress/);
    await advanceUntil(clock, async () => (await fleet.status({ group: "shop-prod-b", ref })).ready, { stepMs: 5_000, maxMs: 120_000 });
    const group = (await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["shop-prod-b-asg"] }))).AutoScalingGroups?.[0];
    expect(group?.Instances?.map((i) => i.LaunchTemplate?.Version)).toEqual(["2", "2"]);
    expect(launched.map((i) => i.imageTags.commit)).toEqual(["bbb2222", "bbb2222"]);
  });

  it("fails when the deployment's scripts fail on the new instances", async () => {
    const { deploy, fleet, clock, sim } = await aCodeDeploySlot();
    sim.failBuildsFor("d-1");
    const { ref } = await deploy();
    clock.advance(70_000);
    expect(await fleet.status({ group: "shop-prod-b", ref })).toMatchObject({ ready: false, failed: true, reason: expect.stringMatching(/is Failed.*exit code 1/) });
  });

  it("refuses a deployment group that deploys to no Auto Scaling group, naming the group", async () => {
    const { fleet, sim } = await aCodeDeploySlot();
    sim.codedeploy.createDeploymentGroup("shop", "shop-prod-tagged");
    await expect(fleet.deploy({ group: "shop-prod-tagged", imageId: "ami-1", capacity: 2, reference: "d-2", application: "shop", launchTemplateId: "lt-1", revision })).rejects.toThrow(
      /shop\/shop-prod-tagged must deploy to exactly one Auto Scaling group \(it names 0\)/,
    );
  });
});
