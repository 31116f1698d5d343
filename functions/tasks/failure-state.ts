// The execution state as the Catch leaves it: whatever the deployment got to before the error, plus
// `$.error`. Roll back and Finish rollback accept it at any point, so every field but app/env is optional.
import * as z from "zod";
import { caughtError, slotName, validatedConfig } from "./inputs.ts";

export const failureState = z.object({
  app: z.string().min(1),
  env: z.string().min(1),
  commit: z.string().optional(),
  error: caughtError,
  setup: z.object({ config: validatedConfig }).partial().optional(),
  slots: z.object({ liveSlot: slotName, idleSlot: slotName }).partial().optional(),
  lease: z.object({ owner: z.string(), fencingToken: z.number().int() }).partial().optional(),
  fleet: z.object({ provider: z.enum(["autoscaling", "codedeploy"]), slot: slotName, group: z.string() }).partial().optional(),
  // Roll back reports liveSlot null when it had nothing to restore.
  rollback: z.object({ needed: z.boolean(), liveSlot: slotName.nullable() }).partial().optional(),
});
export type FailureState = z.output<typeof failureState>;

export const failureInput = z.object({ deploymentId: z.string().min(1), state: failureState });
export type FailureInput = z.output<typeof failureInput>;

/**
 * The human part of a caught error's Cause. On AWS a Lambda error's Cause is a JSON document
 * (`{"errorType","errorMessage","trace"}`); locally it is the message itself.
 */
export function causeText(error: { Error: string; Cause: string }): string {
  try {
    const parsed = JSON.parse(error.Cause) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === "string") return parsed.errorMessage;
  } catch {
    // Not JSON: already the message.
  }
  return error.Cause || error.Error;
}
