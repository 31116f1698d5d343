import { CreateImageCommand, CreateTagsCommand, DeleteSnapshotCommand, DeregisterImageCommand, DescribeImagesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetImageCommand, ImagebuilderClient, StartImagePipelineExecutionCommand } from "@aws-sdk/client-imagebuilder";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeImages } from "../../functions/adapters/images.ts";
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const ec2 = mockClient(EC2Client);
const imagebuilder = mockClient(ImagebuilderClient);
const images = makeImages(ec2 as unknown as EC2Client, imagebuilder as unknown as ImagebuilderClient);
const buildArn = "arn:aws:imagebuilder:us-east-1:123456789012:image/shop/1.0.0/3";

beforeEach(() => {
  ec2.reset();
  imagebuilder.reset();
});

describe("EC2 CreateImage", () => {
  it("creates a no-reboot image tagged, with its snapshots, at creation", async () => {
    ec2.on(CreateImageCommand).resolves({ ImageId: "ami-0abc" });
    const result = await images.createImage({ instanceId: "i-0123", name: "shop-prod-abc123", noReboot: true, tags: { app: "shop", env: "prod", commit: "abc123" } });
    expect(result).toEqual({ imageId: "ami-0abc" });
    const tags = [
      { Key: "app", Value: "shop" },
      { Key: "env", Value: "prod" },
      { Key: "commit", Value: "abc123" },
    ];
    expect(ec2.commandCalls(CreateImageCommand)[0]?.args[0].input).toEqual({
      InstanceId: "i-0123",
      Name: "shop-prod-abc123",
      NoReboot: true,
      TagSpecifications: [
        { ResourceType: "image", Tags: tags },
        { ResourceType: "snapshot", Tags: tags },
      ],
    });
  });

  it.each([
    ["pending", undefined, { state: "pending" }],
    ["available", undefined, { state: "available" }],
    ["failed", "Client.InternalError", { state: "failed", reason: "Client.InternalError" }],
    ["invalid", undefined, { state: "failed", reason: "image ami-0abc is invalid" }],
  ] as const)("reads EC2 state %s as %j", async (state, message, expected) => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: "ami-0abc", State: state, ...(message ? { StateReason: { Message: message } } : {}) }] });
    expect(await images.describeImage("ami-0abc")).toEqual(expected);
    expect(ec2.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({ ImageIds: ["ami-0abc"] });
  });

  it("reports an image that does not exist as failed, with the reason", async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    expect(await images.describeImage("ami-gone")).toEqual({ state: "failed", reason: "image ami-gone does not exist" });
  });

  it("retires an image: deregisters it, then deletes each snapshot, one already gone included", async () => {
    ec2.on(DeregisterImageCommand).resolves({ Return: true });
    ec2.on(DeleteSnapshotCommand, { SnapshotId: "snap-2" }).rejects(awsError("InvalidSnapshot.NotFound"));
    ec2.on(DeleteSnapshotCommand, { SnapshotId: "snap-1" }).resolves({});
    await images.retireImage({ imageId: "ami-0abc", snapshotIds: ["snap-1", "snap-2"] });
    expect(ec2.commandCalls(DeregisterImageCommand)[0]?.args[0].input).toEqual({ ImageId: "ami-0abc" });
    expect(ec2.commandCalls(DeleteSnapshotCommand).map((c) => c.args[0].input.SnapshotId)).toEqual(["snap-1", "snap-2"]);
  });

  it("stops retiring at a snapshot that cannot be deleted, naming it", async () => {
    ec2.on(DeregisterImageCommand).resolves({ Return: true });
    ec2.on(DeleteSnapshotCommand).rejects(awsError("InvalidSnapshot.InUse", "The snapshot snap-1 is currently in use by ami-other"));
    await expect(images.retireImage({ imageId: "ami-0abc", snapshotIds: ["snap-1"] })).rejects.toThrow(/in use by ami-other/);
  });

  it("lists the account's images carrying every tag, page by page, with their commit, deployment and snapshots", async () => {
    ec2
      .on(DescribeImagesCommand)
      .resolvesOnce({
        Images: [{
          ImageId: "ami-1",
          State: "available",
          CreationDate: "2026-01-01T00:00:00.000Z",
          Tags: [{ Key: IMAGE_TAG.commit, Value: "c1" }, { Key: IMAGE_TAG.deployment, Value: "shop-prod-c1" }],
          BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-1" } }, { DeviceName: "/dev/sdf" }],
        }],
        NextToken: "p2",
      })
      .resolvesOnce({ Images: [{ ImageId: "ami-2", State: "pending", CreationDate: "2026-01-02T00:00:00.000Z" }] });
    expect(await images.listImages({ [IMAGE_TAG.app]: "shop", [IMAGE_TAG.env]: "prod" })).toEqual([
      { imageId: "ami-1", state: "available", createdAt: "2026-01-01T00:00:00.000Z", commit: "c1", deploymentId: "shop-prod-c1", snapshotIds: ["snap-1"] },
      { imageId: "ami-2", state: "pending", createdAt: "2026-01-02T00:00:00.000Z", snapshotIds: [] },
    ]);
    const inputs = ec2.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({
      Owners: ["self"],
      Filters: [{ Name: `tag:${IMAGE_TAG.app}`, Values: ["shop"] }, { Name: `tag:${IMAGE_TAG.env}`, Values: ["prod"] }],
      MaxResults: 100,
    });
    expect(inputs[1]?.NextToken).toBe("p2");
  });

  it("tags an image and its snapshots in one call", async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [{ ImageId: "ami-1", BlockDeviceMappings: [{ Ebs: { SnapshotId: "snap-1" } }] }] });
    ec2.on(CreateTagsCommand).resolves({});
    await images.tagImage("ami-1", { [IMAGE_TAG.commit]: "c1" });
    expect(ec2.commandCalls(CreateTagsCommand)[0]?.args[0].input).toEqual({ Resources: ["ami-1", "snap-1"], Tags: [{ Key: IMAGE_TAG.commit, Value: "c1" }] });
  });

  it("maps RequestLimitExceeded to ThrottledError", async () => {
    ec2.on(CreateImageCommand).rejects(awsError("RequestLimitExceeded"));
    await expect(images.createImage({ instanceId: "i-1", name: "n", noReboot: false, tags: {} })).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe("Image Builder", () => {
  it("starts the pipeline with the client token", async () => {
    imagebuilder.on(StartImagePipelineExecutionCommand).resolves({ imageBuildVersionArn: buildArn });
    const pipelineArn = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/shop";
    expect(await images.startPipeline({ pipelineArn, clientToken: "shop-prod-abc123" })).toEqual({ buildVersionArn: buildArn });
    expect(imagebuilder.commandCalls(StartImagePipelineExecutionCommand)[0]?.args[0].input).toEqual({ imagePipelineArn: pipelineArn, clientToken: "shop-prod-abc123" });
  });

  it.each([
    ["PENDING", "pending"],
    ["BUILDING", "pending"],
    ["TESTING", "pending"],
    ["DISTRIBUTING", "pending"],
    ["INTEGRATING", "pending"],
    ["FAILED", "failed"],
    ["CANCELLED", "failed"],
  ] as const)("reads build status %s as %s", async (status, expected) => {
    imagebuilder.on(GetImageCommand).resolves({ image: { state: { status } } });
    expect((await images.pipelineImage(buildArn)).state).toBe(expected);
    expect(imagebuilder.commandCalls(GetImageCommand)[0]?.args[0].input).toEqual({ imageBuildVersionArn: buildArn });
  });

  it("returns the first AMI once the build is available", async () => {
    imagebuilder.on(GetImageCommand).resolves({ image: { state: { status: "AVAILABLE" }, outputResources: { amis: [{ image: "ami-0built", region: "us-east-1" }] } } });
    expect(await images.pipelineImage(buildArn)).toEqual({ state: "available", imageId: "ami-0built" });
  });

  it("keeps Image Builder's reason for a failed build", async () => {
    imagebuilder.on(GetImageCommand).resolves({ image: { state: { status: "FAILED", reason: "component test failed" } } });
    expect(await images.pipelineImage(buildArn)).toEqual({ state: "failed", reason: "component test failed" });
  });

  it("treats an available build without an AMI as failed", async () => {
    imagebuilder.on(GetImageCommand).resolves({ image: { state: { status: "AVAILABLE" }, outputResources: { amis: [] } } });
    expect((await images.pipelineImage(buildArn)).state).toBe("failed");
  });
});
