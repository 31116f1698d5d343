// EC2 images baked with CreateImage: create (tagged at creation), poll, deregister with snapshots.
import {
  CreateImageCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  type EC2Client,
  type Tag,
} from "@aws-sdk/client-ec2";
import { callAws } from "./errors.ts";
import type { ImageState, Images } from "./ports.ts";

export type Ec2Images = Pick<Images, "createImage" | "describeImage" | "deregister">;

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** EC2 image states: pending → available | failed; anything else (invalid, deregistered, error) is failed. */
export function ec2ImageState(state: string | undefined): ImageState {
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

    async deregister(imageId) {
      // DeleteAssociatedSnapshots removes the image's EBS snapshots in the same call (no orphaned storage).
      await callAws(`EC2 DeregisterImage ${imageId}`, () =>
        ec2.send(new DeregisterImageCommand({ ImageId: imageId, DeleteAssociatedSnapshots: true })),
      );
    },
  };
}
