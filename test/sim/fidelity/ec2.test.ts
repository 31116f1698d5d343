import {
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSnapshotsCommand,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

function ec2() {
  const box = aSandbox({ timings: { imageBakeMs: 120_000 } });
  const builder = box.sim.ec2.addInstance();
  const bake = (commit: string, name = `shop-${commit}`) =>
    box.clients.ec2.send(
      new CreateImageCommand({
        InstanceId: builder,
        Name: name,
        NoReboot: true,
        TagSpecifications: [
          { ResourceType: "image", Tags: [{ Key: "app", Value: "shop" }, { Key: "commit", Value: commit }] },
          { ResourceType: "snapshot", Tags: [{ Key: "commit", Value: commit }] },
        ],
      }),
    );
  const describe = async (ImageId: string) => (await box.clients.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId] }))).Images?.[0];
  return { ...box, builder, bake, describe };
}

describe("EC2 images", () => {
  it.each([
    ["a good commit", false, "available"],
    ["a commit marked bad", true, "failed"],
  ])("bakes %s from pending to %s after the bake delay", async (_rule, bad, final) => {
    const { bake, describe, clock, sim } = ec2();
    if (bad) sim.failBuildsFor("abc1234");
    const { ImageId } = await bake("abc1234");
    expect((await describe(ImageId ?? ""))?.State).toBe("pending");
    clock.advance(120_000);
    const image = await describe(ImageId ?? "");
    expect(image?.State).toBe(final);
    expect(image?.Tags).toContainEqual({ Key: "commit", Value: "abc1234" });
    expect(image?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId).toMatch(/^snap-[0-9a-f]{17}$/);
  });

  it("refuses to bake from an instance that does not exist", async () => {
    const { clients } = ec2();
    const error = await rejectionOf(clients.ec2.send(new CreateImageCommand({ InstanceId: "i-0nope", Name: "bake-x" })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["InvalidInstanceID.NotFound", 400]);
  });

  it("finds images by tag filter", async () => {
    const { bake, clients } = ec2();
    await bake("aaa1111");
    const { ImageId } = await bake("bbb2222");
    const out = await clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "tag:commit", Values: ["bbb2222"] }] }));
    expect(out.Images?.map((i) => i.ImageId)).toEqual([ImageId]);
  });

  it("keeps snapshots after DeregisterImage unless asked, and refuses deleting a snapshot in use", async () => {
    const { bake, describe, clients } = ec2();
    const { ImageId = "" } = await bake("abc1234");
    const snapshot = (await describe(ImageId))?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId ?? "";
    expect((await rejectionOf(clients.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot })))).name).toBe("InvalidSnapshot.InUse");
    await clients.ec2.send(new DeregisterImageCommand({ ImageId }));
    expect((await rejectionOf(describe(ImageId))).name).toBe("InvalidAMIID.NotFound");
    await clients.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot }));
    expect((await rejectionOf(clients.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot })))).name).toBe("InvalidSnapshot.NotFound");
  });
});

describe("EC2 image listing and tags", () => {
  it("pages a filtered listing by MaxResults until no NextToken is left", async () => {
    const { bake, clients } = ec2();
    const ids: string[] = [];
    for (const commit of ["c1", "c2", "c3", "c4", "c5"]) ids.push((await bake(commit)).ImageId ?? "");
    const seen: string[] = [];
    const tokens: Array<string | undefined> = [];
    let NextToken: string | undefined;
    do {
      const out = await clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: "tag:app", Values: ["shop"] }], MaxResults: 2, ...(NextToken ? { NextToken } : {}) }));
      seen.push(...(out.Images ?? []).map((i) => i.ImageId ?? ""));
      NextToken = out.NextToken;
      tokens.push(NextToken);
    } while (NextToken);
    expect(seen).toEqual(ids);
    expect(tokens).toHaveLength(3);
  });

  it.each([
    ["MaxResults together with ImageIds", { ImageIds: ["ami-x"], MaxResults: 5 }, "InvalidParameterCombination"],
    ["MaxResults above 1000", { MaxResults: 1001 }, "InvalidParameterValue"],
    ["a NextToken it never gave out", { MaxResults: 5, NextToken: "not-a-token" }, "InvalidPaginationToken"],
  ])("refuses %s", async (_rule, input, code) => {
    const { bake, clients } = ec2();
    const { ImageId = "" } = await bake("c1");
    const request = "ImageIds" in input ? { ...input, ImageIds: [ImageId] } : input;
    expect((await rejectionOf(clients.ec2.send(new DescribeImagesCommand(request)))).name).toBe(code);
  });

  it("lists nothing for another owner", async () => {
    const { bake, clients } = ec2();
    await bake("c1");
    const out = await clients.ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }));
    expect(out.Images).toEqual([]);
  });

  it("tags an image and its snapshot in one call, replacing a key's value", async () => {
    const { bake, describe, clients } = ec2();
    const { ImageId = "" } = await bake("c1");
    const snapshot = (await describe(ImageId))?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId ?? "";
    await clients.ec2.send(new CreateTagsCommand({ Resources: [ImageId, snapshot], Tags: [{ Key: "commit", Value: "c1-retagged" }, { Key: "glidepath:managed", Value: "true" }] }));
    expect((await describe(ImageId))?.Tags).toEqual([
      { Key: "app", Value: "shop" },
      { Key: "commit", Value: "c1-retagged" },
      { Key: "glidepath:managed", Value: "true" },
    ]);
    const snapshots = await clients.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshot] }));
    expect(snapshots.Snapshots?.[0]?.Tags).toContainEqual({ Key: "glidepath:managed", Value: "true" });
  });

  it("tags nothing when one id does not exist", async () => {
    const { bake, describe, clients } = ec2();
    const { ImageId = "" } = await bake("c1");
    const error = await rejectionOf(clients.ec2.send(new CreateTagsCommand({ Resources: [ImageId, "ami-0000000000000dead"], Tags: [{ Key: "x", Value: "y" }] })));
    expect(error.name).toBe("InvalidAMIID.NotFound");
    expect((await describe(ImageId))?.Tags).not.toContainEqual({ Key: "x", Value: "y" });
  });

  it("refuses tag keys AWS reserves", async () => {
    const { bake, clients } = ec2();
    const { ImageId = "" } = await bake("c1");
    const error = await rejectionOf(clients.ec2.send(new CreateTagsCommand({ Resources: [ImageId], Tags: [{ Key: "aws:owner", Value: "me" }] })));
    expect(error.name).toBe("InvalidParameterValue");
  });
});

describe("EC2 launch templates", () => {
  it("numbers versions and resolves $Latest", async () => {
    const { clients } = ec2();
    const created = await clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "shop-prod-b", LaunchTemplateData: { ImageId: "ami-1", InstanceType: "t3.micro" } }));
    const id = created.LaunchTemplate?.LaunchTemplateId ?? "";
    const v2 = await clients.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: "1", LaunchTemplateData: { ImageId: "ami-2" } }));
    expect(v2.LaunchTemplateVersion?.VersionNumber).toBe(2);
    const latest = await clients.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ["$Latest"] }));
    expect(latest.LaunchTemplateVersions?.[0]?.LaunchTemplateData).toMatchObject({ ImageId: "ami-2", InstanceType: "t3.micro" });
  });

  it("refuses a duplicate template name", async () => {
    const { clients } = ec2();
    await clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "t", LaunchTemplateData: {} }));
    const error = await rejectionOf(clients.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: "t", LaunchTemplateData: {} })));
    expect(error.name).toBe("InvalidLaunchTemplateName.AlreadyExistsException");
  });
});
