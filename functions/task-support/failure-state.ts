// The execution state as the Catch leaves it: whatever the deployment got to before the error, plus
// `$.error`. Roll back and Finish rollback accept it at any point, so every field but app/env is optional.
import * as z from "../core/zod-mini.ts";
import { TRANSIENT_ERROR_NAMES, TRANSIENT_RETRY_ATTEMPTS } from "../errors.ts";
import { caughtError, slotName, validatedConfig } from "./inputs.ts";

const failureState = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  commit: z.optional(z.string()),
  error: caughtError,
  setup: z.optional(z.partial(z.object({ config: validatedConfig }))),
  lease: z.optional(z.partial(z.object({ owner: z.string(), fencingToken: z.number().check(z.int()) }))),
  fleet: z.optional(z.partial(z.object({ provider: z.enum(["autoscaling", "codedeploy"]), slot: slotName, group: z.string() }))),
  // Roll back reports liveSlot null when it had nothing to restore.
  rollback: z.optional(z.partial(z.object({ needed: z.boolean(), liveSlot: z.nullable(slotName), weightsNow: z.nullable(z.object({ a: z.nullable(z.number()), b: z.nullable(z.number()) })) }))),
});
export type FailureState = z.output<typeof failureState>;

export const failureInput = z.object({ deploymentId: z.string().check(z.minLength(1)), state: failureState });
export type FailureInput = z.output<typeof failureInput>;

/**
 * The human part of a caught error's Cause. On AWS a Lambda error's Cause is a JSON document
 * (`{"errorType","errorMessage","trace"}`); locally it is the message itself.
 */
function causeText(error: { Error: string; Cause: string }): string {
  try {
    const parsed = JSON.parse(error.Cause) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === "string") return parsed.errorMessage;
  } catch {
    // Not JSON: already the message.
  }
  return error.Cause || error.Error;
}

/** What Step Functions' own errors mean, for the ones whose Cause says nothing more. */
const STATES_ERRORS: Record<string, string> = {
  "States.Timeout": "a step ran past its TimeoutSeconds (an approval nobody answered, or a task that hung)",
  "States.HeartbeatTimeout": "a callback task stopped sending heartbeats",
  "States.TaskFailed": "a task failed",
  "States.Runtime": "the state machine could not process a state's input or output",
};

const RETRIED_BY_THE_STATE_MACHINE = new Set<string>(TRANSIENT_ERROR_NAMES);

/**
 * The one line a rollback reason starts with: the error's name and what it says. A transient error reaches
 * the Catch only once the state machine's retries ran out, so the line says so: an error that lasted that
 * long is an outage, not a blip.
 * Example: `{ Error: "AlarmTriggeredError", Cause: "Bake 2: failed — x is in ALARM" }` → `"AlarmTriggeredError: Bake 2: failed — x is in ALARM"`;
 * `{ Error: "States.Timeout", Cause: "" }` → `"States.Timeout: a step ran past its TimeoutSeconds (…)"`;
 * `{ Error: "AwsServerError", Cause: "Route 53 GetChange: ServiceUnavailable (HTTP 503): …" }`
 *   → `"AwsServerError: Route 53 GetChange: ServiceUnavailable (HTTP 503): … — still failing after 8 retries by the state machine"`.
 */
export function failureSummary(error: { Error: string; Cause: string }): string {
  const cause = causeText(error);
  const meaning = cause && cause !== error.Error ? cause : (STATES_ERRORS[error.Error] ?? "no cause was given");
  const retried = RETRIED_BY_THE_STATE_MACHINE.has(error.Error) ? ` — still failing after ${TRANSIENT_RETRY_ATTEMPTS} retries by the state machine` : "";
  return `${error.Error}: ${meaning}${retried}`;
}
