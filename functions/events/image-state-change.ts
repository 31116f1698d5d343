// Image state change: EC2's "EC2 AMI State Change" or Image Builder's "EC2 Image Builder Image State Change"
// (core/image-events.ts) for a bake that has finished. If a deployment waits on that image ("Wait for the
// image" recorded its token under the AMI id or build version ARN), end the wait with SendTaskSuccess: the
// execution goes on to "Check image", which reads the image itself. The event never decides anything, so a
// duplicate, a late one or one about another account's image is harmless: it ends no wait, or one already over.
import type { EventBridgeEvent } from "aws-lambda";
import { fromDynamoDb } from "../adapters/env/dynamodb.ts";
import { awsErrorName } from "../adapters/errors.ts";
import { fromSfn } from "../adapters/env/sfn.ts";
import type { Executions, Ledger } from "../adapters/ports.ts";
import { imageEventOf, type ImageEvent } from "../core/image-events.ts";
import { TOKEN_NO_LONGER_WAITING } from "../core/pending-wait.ts";
import { envDeps, eventHandler } from "../shell/event-handler.ts";

export interface ImageStateChangeDeps {
  ledger: Pick<Ledger, "getImageWait">;
  executions: Pick<Executions, "sendTaskSuccess">;
}

export type ImageStateChangeResult =
  | { outcome: "ignored"; reason: string }
  | { outcome: "resumed"; app: string; env: string; deploymentId: string; reason: string };

export function makeImageStateChange(deps: ImageStateChangeDeps) {
  return async (event: ImageEvent): Promise<ImageStateChangeResult> => {
    const change = imageEventOf(event);
    if (!change) return { outcome: "ignored", reason: `not a finished image bake (${event["detail-type"] ?? "no detail-type"})` };
    const wait = await deps.ledger.getImageWait(change.key);
    if (!wait) return { outcome: "ignored", reason: `no deployment waits on ${change.key}` };
    const reason = `${change.key} is ${change.state} (its state-change event): Check image reads it now`;
    try {
      await deps.executions.sendTaskSuccess(wait.taskToken, { reason });
    } catch (error) {
      const name = awsErrorName(error);
      if (name && TOKEN_NO_LONGER_WAITING.has(name)) return { outcome: "ignored", reason: `the wait of ${wait.deploymentId} on ${change.key} had already ended (${name})` };
      throw error;
    }
    return { outcome: "resumed", app: wait.app, env: wait.env, deploymentId: wait.deploymentId, reason };
  };
}

export const handler = eventHandler("imageStateChange", () => makeImageStateChange(envDeps(fromDynamoDb, fromSfn)), {
  keys: (event: EventBridgeEvent<string, Record<string, unknown>>) => ({ image: imageEventOf(event)?.key ?? null, detailType: event["detail-type"] }),
});
