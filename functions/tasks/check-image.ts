// "Check image": reads the AMI bake once its event ended the image wait (or the wait's fallback timeout did);
// a failed bake (or one past its deadline) ends the deployment. Once the AMI is available it carries
// Glidepath's tags (an Image Builder AMI gets them here; CreateImage's had them from the start) and the
// deployment record names it, so retention knows whose image it is.
import { SETUP_DEADLINES } from "../core/lease-budget.ts";
import * as z from "../core/zod-mini.ts";
import type { ImageState } from "../adapters/ports.ts";
import { imageTags } from "../core/naming.ts";
import { ImageBuildFailedError } from "../errors.ts";
import type { ImageProgress } from "./bake-image.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, imageProgress } from "../task-support/inputs.ts";

/** EC2's own image waiter gives up after 40 × 15 s; a pipeline build can take much longer. */
export const IMAGE_DEADLINE_SECONDS = SETUP_DEADLINES.imageSeconds;

export const checkImageInput = z.extend(deploymentRef, {
  commit: z.string().check(z.minLength(1)),
  image: imageProgress,
});
export type CheckImageInput = z.output<typeof checkImageInput>;

export function makeCheckImage({ adapters, clock }: TaskDeps) {
  return async function checkImage({ app, env, deploymentId, commit, image }: CheckImageInput): Promise<ImageProgress> {
    const { state, imageId, reason }: { state: ImageState; imageId?: string; reason?: string } = image.buildVersionArn
      ? await adapters.images.pipelineImage(image.buildVersionArn)
      : await adapters.images.describeImage(image.imageId ?? "");
    const id = imageId ?? image.imageId;
    const name = id ?? image.buildVersionArn ?? "the image";
    if (state === "failed") throw new ImageBuildFailedError(`Image ${name} failed to build${reason ? `: ${reason}` : ""}`);
    const waited = Math.round((clock.now() - image.startedAt) / 1000);
    if (state === "pending" && waited > IMAGE_DEADLINE_SECONDS)
      throw new ImageBuildFailedError(`Image ${name} is still pending after ${waited}s`);
    if (state === "available" && !id) throw new ImageBuildFailedError(`Build ${name} finished without an image id`);
    if (state === "available" && id) {
      if (image.buildVersionArn) await adapters.images.tagImage(id, imageTags({ app, env, commit, deploymentId }));
      await adapters.ledger.recordImage(app, env, deploymentId, id);
    }
    return {
      state,
      imageId: id ?? null,
      buildVersionArn: image.buildVersionArn,
      startedAt: image.startedAt,
      reason: state === "available" ? `Image ${id} is available` : `Image ${name} is still pending after ${waited}s`,
    };
  };
}

export const task = defineTask(makeCheckImage, checkImageInput);
