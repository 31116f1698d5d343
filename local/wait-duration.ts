// How long a Wait state waits, resolved the way Step Functions resolves it. The local runner overrides every
// Wait to 0 ms (its clock is virtual), and aws-local-stepfunctions then skips its own checks of
// SecondsPath/TimestampPath, so they are made here: on AWS a path that resolves to nothing, to a value of the
// wrong type, or to a negative number fails the execution with States.Runtime, which no Catch can stop.
import type { AslState } from "../stacks/definition.ts";

type WaitDuration = { seconds: number } | { runtimeError: string };

// The RFC 3339 profile Step Functions accepts: uppercase T between date and time, Z or a numeric offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads a simple JSONPath (`$.a.b.c`) from a state's input: the only kind the definition's paths use. */
export function readPath(path: string, input: unknown): unknown {
  return path
    .replace(/^\$\.?/, "")
    .split(".")
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), input);
}

/**
 * The seconds a Wait state (`name`) entered with `input` waits at virtual time `nowMs`, or the States.Runtime
 * cause AWS would fail the execution with. Example: `{SecondsPath: "$.ttl"}` with `{ttl: -5}` →
 * `{runtimeError: "Wait state Wait TTL: SecondsPath $.ttl resolved to -5, not a non-negative integer"}`;
 * a TimestampPath in the past → `{seconds: 0}`, as on AWS.
 */
export function waitDuration(name: string, state: AslState, input: unknown, nowMs: number): WaitDuration {
  if (typeof state.Seconds === "number") return { seconds: state.Seconds };
  if (typeof state.SecondsPath === "string") {
    const value = readPath(state.SecondsPath, input);
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return { seconds: value };
    return { runtimeError: `Wait state ${name}: SecondsPath ${state.SecondsPath} resolved to ${describe(value)}, not a non-negative integer` };
  }
  const timestamp = typeof state.Timestamp === "string" ? state.Timestamp : typeof state.TimestampPath === "string" ? readPath(state.TimestampPath, input) : undefined;
  const field = typeof state.Timestamp === "string" ? "Timestamp" : `TimestampPath ${String(state.TimestampPath)}`;
  if (typeof timestamp !== "string" || !RFC3339.test(timestamp) || Number.isNaN(Date.parse(timestamp)))
    return { runtimeError: `Wait state ${name}: ${field} resolved to ${describe(timestamp)}, not an RFC 3339 timestamp` };
  return { seconds: Math.max(0, Math.ceil((Date.parse(timestamp) - nowMs) / 1000)) };
}

function describe(value: unknown): string {
  return value === undefined ? "nothing (the field is missing)" : JSON.stringify(value);
}
