// "Bake image": starts the AMI bake for the commit (Image Builder pipeline or CreateImage of a builder).
import { imageTags } from "../core/naming.ts";
import * as z from "../core/zod-mini.ts";
import type { Config } from "../core/config.ts";
import type { ImageState } from "../adapters/ports.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef } from "../task-support/inputs.ts";

export const bakeImageInput = z.extend(deploymentRef, {
  commit: z.string().check(z.minLength(1)),
  image: z.custom<Config["image"]>((value) => typeof value === "object" && value !== null && "kind" in value, "must be an image config"),
});
export type BakeImageInput = z.output<typeof bakeImageInput>;

/** Progress of a bake, carried between Check image polls. */
export interface ImageProgress {
  state: ImageState;
  imageId: string | null;
  buildVersionArn: string | null;
  startedAt: number;
  reason: string;
}

export function makeBakeImage({ adapters, clock }: TaskDeps) {
  return async function bakeImage({ app, env, commit, deploymentId, image }: BakeImageInput): Promise<ImageProgress> {
    const startedAt = clock.now();
    if (image.kind === "imageBuilder") {
      // The execution name is the client token, so a Lambda retry does not start a second build.
      const { buildVersionArn } = await adapters.images.startPipeline({ pipelineArn: image.pipelineArn, clientToken: deploymentId });
      return { state: "pending", imageId: null, buildVersionArn, startedAt, reason: `Started Image Builder build ${buildVersionArn} for ${commit.slice(0, 12)}` };
    }
    const { imageId } = await adapters.images.createImage({
      instanceId: image.instanceId,
      // Per execution, not per commit: a later attempt at the same commit (a force push back to it) bakes again.
      name: deploymentId,
      noReboot: image.noReboot,
      tags: imageTags({ app, env, commit, deploymentId }),
    });
    return { state: "pending", imageId, buildVersionArn: null, startedAt, reason: `Creating image ${imageId} from ${image.instanceId} for ${commit.slice(0, 12)}` };
  };
}

export const task = defineTask(makeBakeImage, bakeImageInput);
