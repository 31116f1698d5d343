// Control signals (circuit breaker, supersede, operator abort or rollback, retire) as a person reads them.
import type { ControlSignal } from "./model.ts";

/**
 * The signal that changed a deployment's course, as operators are shown it: a `retire` signal is routine (every
 * promotion that waits out scaleDownDelay ends with one), so it is none.
 */
export const courseChangingSignal = (control: ControlSignal | undefined): ControlSignal | undefined => (control?.kind === "retire" ? undefined : control);

/**
 * One line naming who stopped the deployment and why.
 * Example: `{kind: "operatorAbort", by: "alice", reason: "wrong build"}` → `"aborted by operator alice: wrong build"`.
 */
export function describeControl({ kind, by, reason }: Pick<ControlSignal, "kind" | "by" | "reason">): string {
  switch (kind) {
    case "circuitBreaker":
      return `${by}: ${reason}`;
    case "supersede":
      return `superseded by ${by} (${reason})`;
    case "operatorAbort":
      return `aborted by operator ${by}: ${reason}`;
    case "operatorRollback":
      return `rolled back by operator ${by}: ${reason}`;
    case "retire":
      return `old fleet retired by ${by}: ${reason}`;
  }
}
