// "Wait for the image" (a .waitForTaskToken Task): records the task token on the bake's image, so the image's
// state-change event (events/image-state-change.ts) can end the wait, then looks at the image once: a bake
// already finished fails the Task with ImageAlreadyBuiltError, which the definition catches into "Check image"
// at once. Otherwise the Task waits until the event resolves the token, or its fallback timeout
// (IMAGE_WAIT_FALLBACK_SECONDS) sends it to "Check image", which decides in every case.
import { bakeKey } from "../core/image-events.ts";
import * as z from "../core/zod-mini.ts";
import { ImageAlreadyBuiltError, InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { imageProgress } from "../task-support/image-progress.ts";
import { deploymentRef, iso } from "../task-support/inputs.ts";

export const awaitImageInput = z.extend(deploymentRef, {
  image: imageProgress,
  taskToken: z.string().check(z.minLength(1)),
});
export type AwaitImageInput = z.output<typeof awaitImageInput>;
export interface AwaitImageOutput {
  reason: string;
}

export function makeAwaitImage({ adapters, clock }: TaskDeps) {
  return async function awaitImage({ app, env, deploymentId, image, taskToken }: AwaitImageInput): Promise<AwaitImageOutput> {
    const key = bakeKey(image);
    if (!key) throw new InvalidTaskInputError("Wait for the image got a bake with neither an image id nor a build version ARN");
    // The token first, the look second: an event sent before the token was recorded found no wait to end
    // (the lost wake-up), and this look, made after, sees the state that event announced. An event sent
    // after the record finds the token. Either way no finished bake waits for the fallback timeout.
    await adapters.ledger.recordImageWait({ image: key, app, env, deploymentId, taskToken, recordedAt: iso(clock.now()) });
    const { state } = image.buildVersionArn ? await adapters.images.pipelineImage(image.buildVersionArn) : await adapters.images.describeImage(key);
    if (state !== "pending") throw new ImageAlreadyBuiltError(`${key} is already ${state}: Check image reads it now`);
    return { reason: `Waiting for ${key} to be built: its state-change event ends the wait` };
  };
}

export const task = defineTask(makeAwaitImage, awaitImageInput);
