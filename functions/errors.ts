// Error classes whose literal `name`s the state machine's Retry and Catch route on.
// Names are set as string literals so minification cannot change them (as Powertools does).

/** Base for errors that a retry with backoff is expected to clear. */
class TransientError extends Error {
  override name: string = "TransientError";
}

/** AWS answered `Throttling` (Route 53 allows ~5 requests/s per account). */
export class ThrottledError extends TransientError {
  override name = "ThrottledError";
}

/** AWS answered with a server fault (HTTP 5xx: InternalFailure, ServiceUnavailable, …) even after the SDK's retries. */
export class AwsServerError extends TransientError {
  override name = "AwsServerError";
}

/** Route 53 `PriorRequestNotComplete`: the zone is still applying an earlier change. */
export class PriorChangePendingError extends TransientError {
  override name = "PriorChangePendingError";
}

/**
 * The idle slot may still get traffic that resolvers cached before it was taken away (a deployment to it was
 * just aborted or rolled back): its instances must not be replaced yet (I2). The state machine retries.
 */
export class DrainPendingError extends Error {
  override name = "DrainPendingError";
}

/**
 * The live slot changed between preflight and getting the lease (this push queued behind a deployment that
 * promoted meanwhile): the definition runs preflight again instead of deploying onto the new live slot.
 */
export class SlotsChangedError extends Error {
  override name = "SlotsChangedError";
}

/**
 * "Wait for the image" found its image already built (available or failed) once its token was recorded: the
 * event announcing it came before there was a wait to end. The definition catches it into Check image at once.
 */
export class ImageAlreadyBuiltError extends Error {
  override name = "ImageAlreadyBuiltError";
}

/** A write carried a fencing token older than the lease's current one: this execution lost the lease. */
export class StaleLeaseError extends Error {
  override name = "StaleLeaseError";
}

/** The config document failed validation; the message lists every problem by path. */
export class ConfigInvalidError extends Error {
  override name = "ConfigInvalidError";
  constructor(
    readonly problems: string[],
    readonly source = "config",
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** No config exists for the app/env (SSM ParameterNotFound). */
export class ConfigNotFoundError extends Error {
  override name = "ConfigNotFoundError";
}

/** Route 53 rejected a change batch (`InvalidChangeBatch`): retrying the same batch cannot help. */
export class InvalidChangeBatchError extends Error {
  override name = "InvalidChangeBatchError";
}

/** Preconditions for a deployment do not hold (records missing, slot endpoints unknown, ...). */
export class PreflightError extends Error {
  override name = "PreflightError";
}

/**
 * An alarm the deployment would be judged by (the new slot's, or the app's) is already in ALARM before
 * anything changed: the new version would get traffic only to be rolled back, so preflight refuses to start.
 */
export class AlarmAlreadyFiringError extends Error {
  override name = "AlarmAlreadyFiringError";
}

/** The image bake finished in a failed state. */
export class ImageBuildFailedError extends Error {
  override name = "ImageBuildFailedError";
}

/** The idle fleet could not be brought up on the new image. */
export class FleetNotHealthyError extends Error {
  override name = "FleetNotHealthyError";
}

/** The direct smoke test of the idle slot failed; no weight has changed yet. */
/** A one-group deployment's instance refresh failed, was cancelled or rolled back (Auto Scaling's reason in the message). */
export class InstanceRefreshFailedError extends Error {
  override name = "InstanceRefreshFailedError";
}

export class SmokeTestFailedError extends Error {
  override name = "SmokeTestFailedError";
}

/** Alarms judged the new version unhealthy during a bake. The message names the alarm(s). */
export class AlarmTriggeredError extends Error {
  override name = "AlarmTriggeredError";
}

/**
 * The deployment was superseded by a newer push or aborted by an operator (its ledger record's `control`):
 * a Task still running for it must not move traffic or promote. The message names who stopped it and why.
 */
export class DeploymentStoppedError extends Error {
  override name = "DeploymentStoppedError";
}

/** An operator rejected the release at an approval step, or the approval timed out. */
export class ApprovalRejectedError extends Error {
  override name = "ApprovalRejectedError";
}

/**
 * An operator promoted with `--full` while a Rollout step waited: the wait fails with this name, which the
 * Rollout Map's Catch routes to one shift to 100% (then the final bake), skipping the remaining steps.
 */
export class SkipToFullError extends Error {
  override name = "SkipToFullError";
}

/** The handler's input did not match its schema: a bug in the definition, not in the user's config. */
export class InvalidTaskInputError extends Error {
  override name = "InvalidTaskInputError";
}

/** Names the definition retries with backoff (besides AWS's Lambda retrier). */
export const TRANSIENT_ERROR_NAMES = [
  "TransientError",
  "ThrottledError",
  "AwsServerError",
  "PriorChangePendingError",
] as const;

/**
 * How many times the state machine retries a Task that failed with a transient error (its Retry's
 * MaxAttempts), so a reason can say how long the error lasted once the retries ran out.
 */
export const TRANSIENT_RETRY_ATTEMPTS = 8;

/** A flag release cannot start: nothing is live, the flag does not exist, the plan is invalid, or the app/env is busy. */
export class FlagReleaseRefusedError extends Error {
  override name = "FlagReleaseRefusedError";
}
