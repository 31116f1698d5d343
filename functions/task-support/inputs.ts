// Zod schemas of the shapes the definition hands to Tasks. The config arrives already validated by
// Load config (durations in seconds), so it is only checked to be an object here.
import * as z from "../core/zod-mini.ts";
import type { Config } from "../core/config.ts";
import type { PlanStep } from "../core/model.ts";

export const slotName = z.enum(["a", "b"]);
export const validatedConfig = z.custom<Config>((value) => typeof value === "object" && value !== null, "must be a validated config");
const planStep = z.custom<PlanStep>(
  (value) => typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string",
  "must be a plan step",
);

/** Which deployment a Task works for: the execution name is the deployment id and the lease owner. */
export const deploymentRef = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  deploymentId: z.string().check(z.minLength(1)),
});

/** A bake's progress as Bake image and Check image return it (bake-image.ts `ImageProgress`). */
export const imageProgress = z.object({
  state: z.enum(["pending", "available", "failed"]),
  imageId: z.nullable(z.string()),
  buildVersionArn: z.nullable(z.string()),
  startedAt: z.number(),
  reason: z.optional(z.string()),
});

/** What the Rollout Map passes to every step, besides the step and its index. */
export const deploymentContext = z.extend(deploymentRef, {
  commit: z.string().check(z.minLength(1)),
  config: validatedConfig,
  liveSlot: slotName,
  idleSlot: slotName,
  fencingToken: z.number().check(z.int()),
  /** How far ahead each Task renews the lease (Acquire lease's `renewForSeconds`). */
  renewForSeconds: z.optional(z.number().check(z.int(), z.gt(0))),
  imageId: z.string().check(z.minLength(1)),
});
export type DeploymentContext = z.output<typeof deploymentContext>;

/** One Map iteration: the step, its index in the plan, and the deployment. */
export const stepInput = z.object({ deployment: deploymentContext, step: planStep, index: z.number().check(z.int()) });

/** The error a Catch put at `$.error` (Lambda puts a JSON document in Cause on AWS; plain text locally). */
export const caughtError = z.object({ Error: z.string(), Cause: z._default(z.optional(z.string()), "") });

export const iso = (ms: number): string => new Date(ms).toISOString();
