// EC2 images: create (tagged at creation), poll, tag (Image Builder's AMIs), list by tag, and retire an image
// with its snapshots.
import {
  CreateImageCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  type EC2Client,
  type Image,
  type Tag,
} from "@aws-sdk/client-ec2";
import { IMAGE_TAG } from "../core/naming.ts";
import { awsErrorName, callAws } from "./errors.ts";
import type { ImageState, Images, ManagedImage } from "./ports.ts";

export type Ec2Images = Pick<Images, "createImage" | "describeImage" | "tagImage" | "listImages" | "retireImage">;

/** DescribeImages page size: AWS allows 1–1000. */
const IMAGES_PER_PAGE = 100;

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** EC2 image states: pending → available | failed; anything else (invalid, deregistered, error) is failed. */
function ec2ImageState(state: string | undefined): ImageState {
  if (state === "pending") return "pending";
  if (state === "available") return "available";
  return "failed";
}

export function makeEc2Images(ec2: EC2Client): Ec2Images {
  return {
    async createImage(input) {
      const tags = toTags(input.tags);
      const response = await callAws(`EC2 CreateImage from ${input.instanceId}`, () =>
        ec2.send(
          new CreateImageCommand({
            InstanceId: input.instanceId,
            Name: input.name,
            NoReboot: input.noReboot,
            // Tag at creation so an image or snapshot is never untraceable, even if a later step fails.
            ...(tags.length > 0
              ? { TagSpecifications: [{ ResourceType: "image", Tags: tags }, { ResourceType: "snapshot", Tags: tags }] }
              : {}),
          }),
        ),
      );
      if (!response.ImageId) throw new Error(`EC2 CreateImage from ${input.instanceId} returned no image id`);
      return { imageId: response.ImageId };
    },

    async describeImage(imageId) {
      const response = await callAws(`EC2 DescribeImages ${imageId}`, () =>
        ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })),
      );
      const image = response.Images?.[0];
      if (!image) return { state: "failed", reason: `image ${imageId} does not exist` };
      const state = ec2ImageState(image.State);
      const reason = image.StateReason?.Message ?? (state === "failed" ? `image ${imageId} is ${image.State ?? "in an unknown state"}` : undefined);
      return { state, ...(reason ? { reason } : {}) };
    },

    async tagImage(imageId, tags) {
      const response = await callAws(`EC2 DescribeImages ${imageId}`, () => ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] })));
      // The snapshots too: retiring an image deletes them, and the delete grant asks for the managed tag.
      const resources = [imageId, ...snapshotIdsOf(response.Images?.[0])];
      await callAws(`EC2 CreateTags ${resources.join(" ")}`, () => ec2.send(new CreateTagsCommand({ Resources: resources, Tags: toTags(tags) })));
    },

    async listImages(tags) {
      const filters = Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
      const images: ManagedImage[] = [];
      let nextToken: string | undefined;
      do {
        const page = await callAws("EC2 DescribeImages", () =>
          ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: filters, MaxResults: IMAGES_PER_PAGE, ...(nextToken ? { NextToken: nextToken } : {}) })),
        );
        for (const image of page.Images ?? []) if (image.ImageId) images.push(managedImage(image));
        nextToken = page.NextToken;
      } while (nextToken);
      return images;
    },

    async retireImage({ imageId, snapshotIds }) {
      // Deregister first: EC2 refuses to delete a snapshot a registered image still uses.
      await callAws(`EC2 DeregisterImage ${imageId}`, () => ec2.send(new DeregisterImageCommand({ ImageId: imageId })));
      for (const snapshotId of snapshotIds) {
        try {
          await callAws(`EC2 DeleteSnapshot ${snapshotId}`, () => ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })));
        } catch (error) {
          if (awsErrorName(error) !== "InvalidSnapshot.NotFound") throw error;
        }
      }
    },
  };
}

function snapshotIdsOf(image: Image | undefined): string[] {
  return (image?.BlockDeviceMappings ?? []).flatMap((mapping) => (mapping.Ebs?.SnapshotId ? [mapping.Ebs.SnapshotId] : []));
}

function managedImage(image: Image): ManagedImage {
  const tag = (key: string) => image.Tags?.find((t) => t.Key === key)?.Value;
  const commit = tag(IMAGE_TAG.commit);
  const deploymentId = tag(IMAGE_TAG.deployment);
  return {
    imageId: image.ImageId ?? "",
    state: ec2ImageState(image.State),
    createdAt: image.CreationDate ?? "",
    ...(commit ? { commit } : {}),
    ...(deploymentId ? { deploymentId } : {}),
    snapshotIds: snapshotIdsOf(image),
  };
}
