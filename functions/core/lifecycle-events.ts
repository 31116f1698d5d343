// Glidepath's own lifecycle events, as published to EventBridge (source `glidepath`): the one schema the
// publisher validates against, the sandbox records, the tests parse, and README.md documents. Each event is
// a detail type and its detail; every detail names the deployment (app, env, deploymentId, commit) and when.
import * as z from "./zod-mini.ts";

/** The `source` of every event Glidepath publishes (a rule matches `{"source": ["glidepath"]}`). */
export const LIFECYCLE_SOURCE = "glidepath";

/** The detail types, as EventBridge rules match them (`"detail-type": ["Deployment Rolled Back"]`). */
export const DETAIL_TYPE = {
  started: "Deployment Started",
  stepCompleted: "Step Completed",
  promoted: "Deployment Promoted",
  rolledBack: "Deployment Rolled Back",
  aborted: "Deployment Aborted",
  rolledBackAfterPromotion: "Rolled Back After Promotion",
} as const;

export type DetailType = (typeof DETAIL_TYPE)[keyof typeof DETAIL_TYPE];

const slot = z.enum(["a", "b"]);
const weights = z.object({ a: z.int().check(z.minimum(0), z.maximum(255)), b: z.int().check(z.minimum(0), z.maximum(255)) });

/** What every detail carries: which deployment, and when (ISO time of the change it announces). */
const deployment = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  deploymentId: z.string().check(z.minLength(1)),
  commit: z.string().check(z.minLength(1)),
  at: z.iso.datetime(),
});

const startedDetail = z.extend(deployment, {
  strategy: z.string().check(z.minLength(1)),
  /** How many plan steps the rollout walks (the final bake not counted). */
  steps: z.int().check(z.nonnegative()),
  fromSlot: slot,
  toSlot: slot,
  /** One group (`fleet.group`): the group whose instances it replaces (the slots are then the placeholder `a`). */
  group: z.optional(z.string()),
  /** The commit live before this deployment; null on a first deployment. */
  previousCommit: z.nullable(z.string()),
  /** Set when an operator started it (`glidepath deploy`, `rollback`) rather than a push. */
  requestedBy: z.optional(z.object({ kind: z.enum(["redeploy", "rollback", "promotion"]), by: z.string(), reason: z.string() })),
});

const stepCompletedDetail = z.extend(deployment, {
  /** The plan step's index (0-based); -1 for the final bake, which is not a plan step (as the ledger records it). */
  index: z.int().check(z.minimum(-1)),
  kind: z.enum(["setWeight", "bake", "approval", "finalBake", "setFlag", "replaceInstances"]),
  /** On a setWeight step: the share of traffic the new version now gets, and the Route 53 weights; on replaceInstances, its share of instances. */
  percent: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  weights: z.optional(weights),
  /** On a bake or approval wait: how it was judged. */
  verdict: z.optional(z.enum(["healthy", "unhealthy", "inconclusive", "error"])),
  reason: z.string(),
});

const promotedDetail = z.extend(deployment, {
  liveSlot: slot,
  /** One group (`fleet.group`): the group now running the release (`liveSlot` is then the placeholder `a`). */
  group: z.optional(z.string()),
  /** The AMI now live; null only when the ledger never recorded it (an execution stopped as it went live). */
  imageId: z.nullable(z.string().check(z.minLength(1))),
  reason: z.string(),
});

const rolledBackDetail = z.extend(deployment, {
  /**
   * The ledger's outcome: `rolled_back` when its own rollback put traffic or a fleet back; `failed` when it failed
   * before changing anything, or cleanup or the reconciler had to restore the live slot after it.
   */
  outcome: z.enum(["rolled_back", "failed"]),
  /** The real cause (I3): the alarm, the failed smoke test, the error. */
  reason: z.string().check(z.minLength(1)),
});

const abortedDetail = z.extend(deployment, {
  /** Who stopped it: an operator, the push that superseded it, or `StopExecution` when no signal names anyone. */
  by: z.string().check(z.minLength(1)),
  reason: z.string().check(z.minLength(1)),
});

const rolledBackAfterPromotionDetail = z.extend(deployment, {
  /** The slot live again: the warm old fleet. */
  liveSlot: slot,
  /** The commit live again; null when the ledger did not know it. */
  restoredCommit: z.nullable(z.string()),
  reason: z.string().check(z.minLength(1)),
});

/** One lifecycle event: its detail type and detail, checked together. */
export const lifecycleEvent = z.discriminatedUnion("detailType", [
  z.object({ detailType: z.literal(DETAIL_TYPE.started), detail: startedDetail }),
  z.object({ detailType: z.literal(DETAIL_TYPE.stepCompleted), detail: stepCompletedDetail }),
  z.object({ detailType: z.literal(DETAIL_TYPE.promoted), detail: promotedDetail }),
  z.object({ detailType: z.literal(DETAIL_TYPE.rolledBack), detail: rolledBackDetail }),
  z.object({ detailType: z.literal(DETAIL_TYPE.aborted), detail: abortedDetail }),
  z.object({ detailType: z.literal(DETAIL_TYPE.rolledBackAfterPromotion), detail: rolledBackAfterPromotionDetail }),
]);

export type LifecycleEvent = z.output<typeof lifecycleEvent>;
export type DetailOf<T extends DetailType> = Extract<LifecycleEvent, { detailType: T }>["detail"];

/** The detail types an operator is paged for (the optional SNS topic's rule): a deployment that did not go live. */
export const NOTIFIED_DETAIL_TYPES: readonly DetailType[] = [DETAIL_TYPE.rolledBack, DETAIL_TYPE.aborted, DETAIL_TYPE.rolledBackAfterPromotion];

/**
 * Reads one event as an EventBridge target receives it (`detail-type`, `detail`), or lists what is wrong.
 * Example: `{ source: "glidepath", "detail-type": "Deployment Aborted", detail: { …, by: "alice", reason: "wrong build" } }`.
 */
export function parseLifecycleEvent(event: { "detail-type": string; detail: unknown }): LifecycleEvent {
  return lifecycleEvent.parse({ detailType: event["detail-type"], detail: event.detail });
}
