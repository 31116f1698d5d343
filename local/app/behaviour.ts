// How one released version of the sample service behaves; scenario files describe bad builds with it.
import * as z from "zod";

export const versionBehaviourSchema = z
  .object({
    /** Probability (0–1) that `GET /` answers 500. */
    errorRate: z.number().min(0).max(1).default(0),
    /** Real milliseconds added before each `GET /` answer; keep it small, traffic is real. */
    latencyMs: z.number().int().min(0).max(10_000).default(0),
    /** false: `GET /health` answers 503, so the fleet never reaches InService. */
    healthy: z.boolean().default(true),
    /** false: the instance never starts a server at all. */
    boots: z.boolean().default(true),
    /**
     * A feature shipped dark behind a flag: a request for which the flag is on (the flags client decides, by
     * the request's user) fails at this rate instead of `errorRate`. Off, the build behaves as without it.
     */
    darkFeature: z.object({ flag: z.string().min(1), errorRate: z.number().min(0).max(1) }).strict().optional(),
  })
  .strict();

export type VersionBehaviour = z.infer<typeof versionBehaviourSchema>;

const defaultBehaviour: VersionBehaviour = Object.freeze({
  errorRate: 0,
  latencyMs: 0,
  healthy: true,
  boots: true,
});

/** Fills in defaults for a partial behaviour, e.g. `behaviourOf({ errorRate: 0.3 })`. */
export function behaviourOf(partial: Partial<VersionBehaviour> = {}): VersionBehaviour {
  return { ...defaultBehaviour, ...partial };
}
