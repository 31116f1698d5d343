// Maps AWS SDK errors (by their `name`) onto the project's named errors, so the state machine's Retry and
// Catch can route on one vocabulary whatever service failed. Used by every adapter.
import { AwsServerError, InvalidChangeBatchError, PriorChangePendingError, ThrottledError } from "../errors.ts";

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

/** Server faults some services send without a 5xx status on the error object (as `$metadata` may be absent). */
const SERVER_FAULT_NAMES = new Set([
  "InternalFailure",
  "InternalError",
  "InternalServerError",
  "InternalServiceError",
  "InternalServiceFault",
  "InternalServiceException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "ServiceFailure",
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

interface SdkMetadata {
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown };
}

/** True for a 5xx answer: retrying later is expected to work, as for throttling. */
function isServerFault(error: unknown, name: string): boolean {
  const { $fault, $metadata } = error as SdkMetadata;
  const status = $metadata?.httpStatusCode;
  return (typeof status === "number" && status >= 500) || $fault === "server" || SERVER_FAULT_NAMES.has(name);
}

/**
 * What AWS answered, for a reason: the error's name, its HTTP status and how many attempts the SDK made.
 * Example: a ServiceUnavailable with `$metadata { httpStatusCode: 503, attempts: 3 }` → `"ServiceUnavailable (HTTP 503, 3 SDK attempts)"`.
 */
function describeAnswer(error: unknown, name: string): string {
  const { $metadata } = error as SdkMetadata;
  const status = typeof $metadata?.httpStatusCode === "number" ? `HTTP ${$metadata.httpStatusCode}` : undefined;
  const attempts = typeof $metadata?.attempts === "number" && $metadata.attempts > 1 ? `${$metadata.attempts} SDK attempts` : undefined;
  const details = [status, attempts].filter(Boolean).join(", ");
  return details ? `${name} (${details})` : name;
}

/**
 * Route 53 answers a change batch that breaks its model (a weight outside 0–255, a Comment over 256 characters)
 * with InvalidInput rather than InvalidChangeBatch; for ChangeResourceRecordSets both mean "this batch is refused".
 */
function isRefusedBatchInput(name: string, context: string): boolean {
  return name === "InvalidInput" && context.endsWith("ChangeResourceRecordSets");
}

/**
 * Translates an SDK error into the project's error classes where one applies; anything else is returned
 * unchanged (its AWS name is what the state machine sees). `context` says which call failed (service and
 * operation), and the message names the error AWS answered with, so a reason built from it names all three.
 * Example: `{ name: "ServiceUnavailable", $metadata: { httpStatusCode: 503 } }` from "Route 53 ChangeResourceRecordSets"
 *   → `AwsServerError("Route 53 ChangeResourceRecordSets: ServiceUnavailable (HTTP 503): Service unavailable")`.
 */
export function mapAwsError(error: unknown, context: string): unknown {
  const name = awsErrorName(error);
  if (name === undefined) return error;
  const detail = `${context}: ${describeAnswer(error, name)}: ${messageOf(error)}`;
  let mapped: Error | undefined;
  if (THROTTLING_NAMES.has(name)) mapped = new ThrottledError(detail);
  else if (name === "PriorRequestNotComplete") mapped = new PriorChangePendingError(detail);
  else if (name === "InvalidChangeBatch" || isRefusedBatchInput(name, context)) mapped = new InvalidChangeBatchError(detail);
  else if (isServerFault(error, name)) mapped = new AwsServerError(detail);
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
