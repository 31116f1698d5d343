// Maps AWS SDK errors (by their `name`) onto the project's named errors, so the state machine's Retry and
// Catch can route on one vocabulary whatever service failed. Used by every adapter.
import { InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../errors.ts";

/** Every spelling of "slow down" across the services Glidepath calls. */
const THROTTLING_NAMES = new Set([
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "RequestThrottled",
  "RequestThrottledException",
]);

/** The AWS error `name`, or undefined for things that are not errors from AWS. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  return typeof name === "string" ? name : undefined;
}

/** The error's message plus any per-item messages (Route 53's InvalidChangeBatch lists each problem). */
function messageOf(error: unknown): string {
  const base = error instanceof Error ? error.message : String(error);
  const extra = (error as { messages?: unknown }).messages;
  const items = Array.isArray(extra) ? extra.filter((m): m is string => typeof m === "string" && !base.includes(m)) : [];
  return [base, ...items].filter((m) => m !== "").join("; ");
}

/**
 * Translates an SDK error into the project's error classes where one applies; anything else is returned
 * unchanged (its AWS name is what the state machine sees). `context` says which call failed.
 * Example: `{ name: "Throttling" }` from ChangeResourceRecordSets → `ThrottledError("Route 53 ... : Rate exceeded")`.
 */
export function mapAwsError(error: unknown, context: string): unknown {
  const name = awsErrorName(error);
  if (name === undefined) return error;
  const detail = `${context}: ${messageOf(error)}`;
  let mapped: Error | undefined;
  if (THROTTLING_NAMES.has(name)) mapped = new ThrottledError(detail);
  else if (name === "PriorRequestNotComplete") mapped = new PriorChangePendingError(detail);
  else if (name === "InvalidChangeBatch") mapped = new InvalidChangeBatchError(detail);
  if (!mapped) return error;
  mapped.cause = error;
  return mapped;
}

/** Runs one SDK call and rethrows its error mapped by `mapAwsError`. */
export async function callAws<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapAwsError(error, context);
  }
}
