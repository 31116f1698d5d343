// I3: does a non-promoted outcome's reason name the real cause (an alarm, a smoke check, a service and its
// error, an operator, a timeout), or only say that something ended?

/** Error names that say only that a Task failed, not why. */
const GENERIC_ERRORS = new Set(["Error", "States.TaskFailed", "States.Runtime", "States.ALL", "Lambda.Unknown", "UnknownError"]);

const PLACEHOLDERS = new Set(["undefined", "null", "[object object]", "unknown", "unknown error", "error", "failed", "promoted"]);

/**
 * Why `reason` does not name a cause, or undefined when it does. Only the part before "; cleanup:" counts:
 * what cleanup did afterwards is not why the deployment ended.
 * Examples: `vagueReason("execution ABORTED; cleanup: restored b to 100%")` → "says only that the execution
 * ended (execution ABORTED), not why"; `vagueReason("AlarmTriggeredError: shop-api-a-5xx is ALARM")` → undefined.
 */
export function vagueReason(reason: string | undefined): string | undefined {
  const cause = (reason ?? "").split("; cleanup:")[0]!.trim();
  if (cause === "") return "is empty";
  if (PLACEHOLDERS.has(cause.toLowerCase())) return `is a placeholder ("${cause}")`;
  const ended = /^execution (ABORTED|FAILED|TIMED_OUT)(?: \(([^)]*)\))?$/.exec(cause);
  if (ended && (!ended[2] || GENERIC_ERRORS.has(ended[2]))) return `says only that the execution ended (${cause}), not why`;
  const bareError = /^([\w.]+):?\s*$/.exec(cause);
  if (bareError && (GENERIC_ERRORS.has(bareError[1]!) || cause.endsWith(":"))) return `names an error without its message ("${cause}")`;
  if (/^stopped at [^,]+$/.test(cause)) return `says where the execution stopped (${cause}), not who stopped it or why`;
  return undefined;
}
