import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScalingActivitiesCommand,
  StartInstanceRefreshCommand,
  UpdateAutoScalingGroupCommand,
  type Instance,
} from "@aws-sdk/client-auto-scaling";
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand, GetDeploymentGroupCommand, StopDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplateVersionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeAutoScalingFleet } from "../../functions/adapters/autoscaling.ts";
import { makeCodeDeployFleet } from "../../functions/adapters/codedeploy.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const autoscaling = mockClient(AutoScalingClient);
const ec2 = mockClient(EC2Client);
const codedeploy = mockClient(CodeDeployClient);
const asgFleet = makeAutoScalingFleet(autoscaling as unknown as AutoScalingClient, ec2 as unknown as EC2Client);
const cdFleet = makeCodeDeployFleet(codedeploy as unknown as CodeDeployClient, autoscaling as unknown as AutoScalingClient, ec2 as unknown as EC2Client);

beforeEach(() => {
  autoscaling.reset();
  ec2.reset();
  codedeploy.reset();
});

const instance = (version: string, lifecycle = "InService", health = "Healthy"): Instance => ({
  InstanceId: `i-${Math.random().toString(16).slice(2, 10)}`,
  LifecycleState: lifecycle as Instance["LifecycleState"],
  HealthStatus: health,
  AvailabilityZone: "us-east-1a",
  ProtectedFromScaleIn: false,
  LaunchTemplate: { LaunchTemplateId: "lt-1", Version: version },
});
const group = (desired: number, instances: Instance[]) => ({
  AutoScalingGroups: [
    { AutoScalingGroupName: "shop-b", DesiredCapacity: desired, MinSize: desired, MaxSize: desired, DefaultCooldown: 300, AvailabilityZones: [], HealthCheckType: "EC2", CreatedTime: new Date(), Instances: instances },
  ],
});

describe("Auto Scaling fleet", () => {
  const deployInput = { group: "shop-b", imageId: "ami-new", capacity: 3, reference: "shop-prod-abc123", launchTemplateId: "lt-1" };

  it("brings a canary fleet up at its share of the live group's size (canaryScale), keeping the live maximum", async () => {
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 8 } });
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-b"] }).resolves(group(0, []));
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-a"] }).resolves({ AutoScalingGroups: [{ ...group(8, []).AutoScalingGroups[0]!, AutoScalingGroupName: "shop-a", MinSize: 4, MaxSize: 12 }] });
    autoscaling.on(DescribePoliciesCommand).resolves({ ScalingPolicies: [] });
    expect(await asgFleet.deploy({ ...deployInput, sizeFrom: "shop-a", scalePercent: 25 })).toMatchObject({ ref: "8", size: { min: 2, max: 12, desired: 2 } });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toMatchObject({ MinSize: 2, MaxSize: 12, DesiredCapacity: 2 });
  });

  it("resizes a canary fleet to the live group's full size, naming the version it launches", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-b"] }).resolves({ AutoScalingGroups: [{ ...group(2, [instance("8"), instance("8")]).AutoScalingGroups[0]!, LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "8" } }] });
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-a"] }).resolves({ AutoScalingGroups: [{ ...group(8, []).AutoScalingGroups[0]!, AutoScalingGroupName: "shop-a", MinSize: 4, MaxSize: 12 }] });
    expect(await asgFleet.resize({ group: "shop-b", sizeFrom: "shop-a", percent: 100 })).toEqual({ ref: "8", size: { min: 4, max: 12, desired: 8 } });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand).map((call) => call.args[0].input)).toEqual([{ AutoScalingGroupName: "shop-b", MinSize: 4, MaxSize: 12, DesiredCapacity: 8 }]);
  });

  it("leaves a canary fleet as it is when the live group runs nothing to size it from", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-b"] }).resolves({ AutoScalingGroups: [{ ...group(2, []).AutoScalingGroups[0]!, LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "8" } }] });
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-a"] }).resolves({ AutoScalingGroups: [{ ...group(0, []).AutoScalingGroups[0]!, AutoScalingGroupName: "shop-a" }] });
    expect(await asgFleet.resize({ group: "shop-b", sizeFrom: "shop-a", percent: 100 })).toEqual({ ref: "8" });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(0);
  });

  it("refuses to resize a CodeDeploy fleet, without a call: canaryScale needs Auto Scaling", async () => {
    await expect(cdFleet.resize({ group: "shop-b", sizeFrom: "shop-a", percent: 100 })).rejects.toThrow(/strategy\.canaryScale: needs fleet\.provider autoscaling/);
    expect(autoscaling.calls()).toHaveLength(0);
    expect(codedeploy.calls()).toHaveLength(0);
  });

  it("sizes the idle group like the live one while it runs instances, and by capacity when it runs none", async () => {
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 8 } });
    const live = (desired: number) => ({ AutoScalingGroups: [{ ...group(desired, []).AutoScalingGroups[0]!, AutoScalingGroupName: "shop-a", MinSize: 2, MaxSize: 12 }] });
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-b"] }).resolves(group(0, []));
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-a"] }).resolves(live(6));
    autoscaling.on(DescribePoliciesCommand).resolves({ ScalingPolicies: [] });
    expect(await asgFleet.deploy({ ...deployInput, sizeFrom: "shop-a" })).toEqual({ ref: "8", size: { min: 2, max: 12, desired: 6 }, scalingPolicies: { copied: [], deleted: [], skipped: [], withoutAlarms: [] } });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toMatchObject({ MinSize: 2, MaxSize: 12, DesiredCapacity: 6 });
    autoscaling.on(DescribeAutoScalingGroupsCommand, { AutoScalingGroupNames: ["shop-a"] }).resolves(live(0));
    expect(await asgFleet.deploy({ ...deployInput, reference: "shop-prod-def456", sizeFrom: "shop-a" })).toEqual({ ref: "8" });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[1]?.args[0].input).toMatchObject({ MinSize: 3, MaxSize: 3, DesiredCapacity: 3 });
  });

  it("creates a launch template version with the image and points the group at that numbered version", async () => {
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 7 } });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(3, []));
    expect(await asgFleet.deploy(deployInput)).toEqual({ ref: "7" });
    expect(ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input).toEqual({
      LaunchTemplateId: "lt-1",
      SourceVersion: "$Latest",
      VersionDescription: "glidepath shop-prod-abc123",
      LaunchTemplateData: { ImageId: "ami-new" },
    });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: "shop-b",
      LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" },
      MinSize: 3,
      MaxSize: 3,
      DesiredCapacity: 3,
    });
    expect(autoscaling.commandCalls(StartInstanceRefreshCommand)).toHaveLength(0);
  });

  it("replaces instances still running an older version", async () => {
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 8 } });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(3, [instance("7")]));
    await asgFleet.deploy(deployInput);
    expect(autoscaling.commandCalls(StartInstanceRefreshCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: "shop-b",
      Preferences: { MinHealthyPercentage: 0, SkipMatching: true },
    });
  });

  it("reuses the version a retried invocation already made and put on the group, instead of making another", async () => {
    const onVersion7 = group(3, [instance("6")]);
    onVersion7.AutoScalingGroups[0] = { ...onVersion7.AutoScalingGroups[0]!, LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" } } as never;
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(onVersion7);
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ VersionNumber: 7, VersionDescription: "glidepath shop-prod-abc123" }] });
    autoscaling.on(StartInstanceRefreshCommand).rejects(awsError("InstanceRefreshInProgressFault", "An Instance Refresh is already in progress"));
    expect(await asgFleet.deploy(deployInput)).toEqual({ ref: "7" });
    expect(ec2.commandCalls(CreateLaunchTemplateVersionCommand)).toHaveLength(0);
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)).toHaveLength(0);
  });

  it("makes a new version when the group's version belongs to an earlier deployment", async () => {
    const onVersion7 = group(0, []);
    onVersion7.AutoScalingGroups[0] = { ...onVersion7.AutoScalingGroups[0]!, LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" } } as never;
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(onVersion7);
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ VersionNumber: 7, VersionDescription: "glidepath shop-prod-0ld" }] });
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 8 } });
    expect(await asgFleet.deploy(deployInput)).toEqual({ ref: "8" });
  });

  it("refuses to deploy without a launch template, naming the setting", async () => {
    const { launchTemplateId: _omitted, ...withoutTemplate } = deployInput;
    await expect(asgFleet.deploy(withoutTemplate)).rejects.toThrow(/fleet.launchTemplateId is required/);
  });

  it.each([
    ["is ready when every desired instance is InService and Healthy on the version", [instance("7"), instance("7")], 2, { ready: true, failed: false, inService: 2 }],
    ["is not ready while instances are still pending", [instance("7"), instance("7", "Pending")], 2, { ready: false, failed: false, inService: 1 }],
    ["does not count unhealthy instances", [instance("7"), instance("7", "InService", "Unhealthy")], 2, { ready: false, failed: false, inService: 1 }],
    ["does not count instances on another version", [instance("6"), instance("7")], 2, { ready: false, failed: false, inService: 1 }],
  ])("%s", async (_rule, instances, desired, expected) => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(desired, instances));
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
    expect(await asgFleet.status({ group: "shop-b", ref: "7" })).toMatchObject({ ...expected, desired });
  });

  it("fails when the newest scaling activity failed, with its message", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(2, []));
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        { ActivityId: "old", AutoScalingGroupName: "shop-b", Cause: "", StartTime: new Date(1000), StatusCode: "Successful" },
        { ActivityId: "new", AutoScalingGroupName: "shop-b", Cause: "", StartTime: new Date(2000), StatusCode: "Failed", StatusMessage: "The image id 'ami-new' does not exist" },
      ],
    });
    const status = await asgFleet.status({ group: "shop-b", ref: "7" });
    expect(status).toMatchObject({ ready: false, failed: true });
    expect(status.reason).toContain("The image id 'ami-new' does not exist");
  });

  it("reports a missing group as failed", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    expect(await asgFleet.status({ group: "ghost", ref: "1" })).toMatchObject({ failed: true, reason: "Auto Scaling group ghost does not exist" });
  });

  it("scales down to zero and pins the maximum at zero too, so no scaling policy can launch into it, keeping the group", async () => {
    autoscaling.on(UpdateAutoScalingGroupCommand).resolves({});
    await asgFleet.scaleDown("shop-a");
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toEqual({ AutoScalingGroupName: "shop-a", MinSize: 0, MaxSize: 0, DesiredCapacity: 0 });
  });

  it("reads the image the group launches from its numbered launch template version", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ ...group(2, [])["AutoScalingGroups"][0]!, LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" } }] });
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ VersionNumber: 7, LaunchTemplateData: { ImageId: "ami-0777" } }] });
    expect(await asgFleet.launchImages("shop-b")).toEqual(["ami-0777"]);
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]?.args[0].input).toEqual({ LaunchTemplateId: "lt-1", Versions: ["7"] });
  });

  it("needs no image for a group that does not exist", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    expect(await asgFleet.launchImages("ghost")).toEqual([]);
  });

  it.each([
    ["names no launch template", undefined, undefined, /names no launch template/],
    ["takes its image from SSM", { LaunchTemplateId: "lt-1", Version: "$Default" }, "resolve:ssm:/golden/ami", /has image resolve:ssm/],
  ])("refuses to guess the image of a group that %s", async (_rule, template, imageId, message) => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ ...group(2, [])["AutoScalingGroups"][0]!, ...(template ? { LaunchTemplate: template } : {}) }] });
    ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ LaunchTemplateData: { ImageId: imageId } }] });
    await expect(asgFleet.launchImages("shop-b")).rejects.toThrow(message);
  });

  it("maps Auto Scaling Throttling to ThrottledError", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).rejects(awsError("Throttling"));
    await expect(asgFleet.status({ group: "shop-b", ref: "7" })).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe("CodeDeploy fleet", () => {
  const revision = { bucket: "shop-artifacts", key: "appspec/noop.zip", bundleType: "zip" as const };
  const deployInput = { group: "shop-b", imageId: "ami-new", capacity: 2, reference: "shop-prod-abc123", application: "shop", launchTemplateId: "lt-1", revision };

  it("puts the image on the deployment group's Auto Scaling group, then deploys the S3 revision", async () => {
    codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { autoScalingGroups: [{ name: "asg-b" }] } });
    ec2.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 7 } });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(2, []));
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-ABC" });
    expect(await cdFleet.deploy(deployInput)).toEqual({ ref: "d-ABC:7:asg-b" });
    expect(ec2.commandCalls(CreateLaunchTemplateVersionCommand)[0]?.args[0].input).toMatchObject({ LaunchTemplateId: "lt-1", LaunchTemplateData: { ImageId: "ami-new" } });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toMatchObject({
      AutoScalingGroupName: "asg-b",
      LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" },
      DesiredCapacity: 2,
    });
    expect(codedeploy.commandCalls(CreateDeploymentCommand)[0]?.args[0].input).toEqual({
      applicationName: "shop",
      deploymentGroupName: "shop-b",
      description: "glidepath shop-prod-abc123: image ami-new",
      revision: { revisionType: "S3", s3Location: revision },
    });
  });

  it.each([
    ["application", /fleet.application is required/],
    ["launchTemplateId", /fleet.launchTemplateId is required for codedeploy/],
    ["revision", /fleet.revision \(the S3 appspec bundle\) is required/],
  ] as const)("refuses to deploy without %s, naming the setting", async (setting, message) => {
    const { [setting]: _left, ...input } = deployInput;
    await expect(cdFleet.deploy(input)).rejects.toThrow(message);
    expect(codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  it("is ready when the deployment succeeded and the group's instances are on the new version", async () => {
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: "Succeeded", deploymentOverview: { Succeeded: 2 } } });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(2, [instance("7"), instance("6")]));
    autoscaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
    const status = await cdFleet.status({ group: "shop-b", ref: "d-ABC:7:asg-b" });
    expect(status).toMatchObject({ ready: false, failed: false, desired: 2, inService: 1 });
    expect(autoscaling.commandCalls(DescribeAutoScalingGroupsCommand)[0]?.args[0].input).toEqual({ AutoScalingGroupNames: ["asg-b"] });
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves(group(2, [instance("7"), instance("7")]));
    expect(await cdFleet.status({ group: "shop-b", ref: "d-ABC:7:asg-b" })).toMatchObject({ ready: true, inService: 2 });
  });

  it.each([
    ["Created", false, false],
    ["Queued", false, false],
    ["InProgress", false, false],
    ["Baking", false, false],
    ["Succeeded", true, false],
    ["Failed", false, true],
    ["Stopped", false, true],
  ] as const)("reads deployment status %s as ready=%s failed=%s", async (status, ready, failed) => {
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { status, deploymentOverview: { Succeeded: 1, InProgress: 1 } } });
    expect(await cdFleet.status({ group: "shop-b", ref: "d-ABC" })).toMatchObject({ ready, failed, desired: 2, inService: 1 });
    expect(codedeploy.commandCalls(GetDeploymentCommand)[0]?.args[0].input).toEqual({ deploymentId: "d-ABC" });
  });

  it("includes CodeDeploy's error message in a failure reason", async () => {
    codedeploy.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: "Failed", errorInformation: { message: "ApplicationStop failed" } } });
    expect((await cdFleet.status({ group: "shop-b", ref: "d-1" })).reason).toContain("ApplicationStop failed");
  });

  it("scales the deployment group's Auto Scaling groups to zero", async () => {
    codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { autoScalingGroups: [{ name: "asg-1" }, { name: "asg-2" }] } });
    await cdFleet.scaleDown("shop-a", { application: "shop" });
    expect(codedeploy.commandCalls(GetDeploymentGroupCommand)[0]?.args[0].input).toEqual({ applicationName: "shop", deploymentGroupName: "shop-a" });
    expect(autoscaling.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input)).toEqual([
      { AutoScalingGroupName: "asg-1", MinSize: 0, MaxSize: 0, DesiredCapacity: 0 },
      { AutoScalingGroupName: "asg-2", MinSize: 0, MaxSize: 0, DesiredCapacity: 0 },
    ]);
  });

  it("reads the launch image of each of the deployment group's Auto Scaling groups", async () => {
    codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { autoScalingGroups: [{ name: "asg-1" }, { name: "asg-2" }] } });
    autoscaling.on(DescribeAutoScalingGroupsCommand).callsFake((input: { AutoScalingGroupNames: string[] }) => ({
      AutoScalingGroups: [{ ...group(1, [])["AutoScalingGroups"][0]!, AutoScalingGroupName: input.AutoScalingGroupNames[0], LaunchTemplate: { LaunchTemplateId: `lt-${input.AutoScalingGroupNames[0]}`, Version: "3" } }],
    }));
    ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake((input: { LaunchTemplateId: string }) => ({ LaunchTemplateVersions: [{ LaunchTemplateData: { ImageId: `ami-${input.LaunchTemplateId.slice(3)}` } }] }));
    expect(await cdFleet.launchImages("shop-a", { application: "shop" })).toEqual(["ami-asg-1", "ami-asg-2"]);
  });

  it("needs no image for a deployment group of tagged instances", async () => {
    codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { ec2TagFilters: [{ Key: "app", Value: "shop", Type: "KEY_AND_VALUE" }] } });
    expect(await cdFleet.launchImages("shop-a", { application: "shop" })).toEqual([]);
  });

  it("refuses to scale down without knowing the application", async () => {
    await expect(cdFleet.scaleDown("unknown-group")).rejects.toThrow(/CodeDeploy application is required/);
  });

  it("stops a deployment with automatic rollback", async () => {
    codedeploy.on(StopDeploymentCommand).resolves({ status: "Pending" });
    await cdFleet.stop("d-ABC:7:asg-b");
    expect(codedeploy.commandCalls(StopDeploymentCommand)[0]?.args[0].input).toEqual({ deploymentId: "d-ABC", autoRollbackEnabled: true });
  });

  it("maps ThrottlingException to ThrottledError", async () => {
    codedeploy.on(GetDeploymentCommand).rejects(awsError("ThrottlingException"));
    await expect(cdFleet.status({ group: "g", ref: "d" })).rejects.toBeInstanceOf(ThrottledError);
  });
});
