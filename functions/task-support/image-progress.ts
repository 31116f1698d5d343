// The schema of a bake's progress, as Bake image and Check image return it (bake-image.ts `ImageProgress`) and
// Check image and Wait for the image take it. Its own file: every Task imports inputs.ts, and a zod schema
// built at import time stays in every bundle that imports its file.
import * as z from "../core/zod-mini.ts";

export const imageProgress = z.object({
  state: z.enum(["pending", "available", "failed"]),
  imageId: z.nullable(z.string()),
  buildVersionArn: z.nullable(z.string()),
  startedAt: z.number(),
  reason: z.optional(z.string()),
});
