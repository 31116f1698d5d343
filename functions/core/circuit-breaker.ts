// How the circuit breaker's ledger step is recognised: the execution's next Task must not undo its revert.
import type { StepRecord } from "./model.ts";

/** Every circuit-breaker step's reason starts with this. */
export const CIRCUIT_BREAKER_REASON_PREFIX = "circuit breaker:";

/**
 * The step in which the circuit breaker reverted this deployment's traffic, if it did.
 * Example: steps `[setWeight 10, {kind: "rollback", reason: "circuit breaker: alarm X entered ALARM …"}]` → that step.
 */
export function circuitBreakerTrip(steps: readonly StepRecord[]): StepRecord | undefined {
  return steps.find((step) => step.kind === "rollback" && step.reason.startsWith(CIRCUIT_BREAKER_REASON_PREFIX));
}
