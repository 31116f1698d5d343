// "Wait for the image" (a .waitForTaskToken Task): records the task token on the bake's image, so the image's
// state-change event (events/image-state-change.ts) can end the wait, then looks at the image once and ends
// the wait itself if the bake already finished. The Task then waits until either resolves the token, or its
// fallback timeout (IMAGE_WAIT_FALLBACK_SECONDS) sends it to "Check image", which decides in every case.
import { awsErrorName } from "../adapters/errors.ts";
import { bakeKey } from "../core/image-events.ts";
import { TOKEN_NO_LONGER_WAITING } from "../core/pending-wait.ts";
import * as z from "../core/zod-mini.ts";
import { InvalidTaskInputError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";
import { deploymentRef, imageProgress, iso } from "../task-support/inputs.ts";

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
    if (state === "pending") return { reason: `Waiting for ${key} to be built: its state-change event ends the wait` };
    const reason = `${key} is already ${state}: Check image reads it now`;
    try {
      await adapters.executions.sendTaskSuccess(taskToken, { reason });
    } catch (error) {
      // The image's event got there first: the wait has ended, as it should.
      const name = awsErrorName(error);
      if (!name || !TOKEN_NO_LONGER_WAITING.has(name)) throw error;
    }
    return { reason };
  };
}

export const task = defineTask(makeAwaitImage, awaitImageInput);
