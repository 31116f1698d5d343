// How a task says what copying the live group's scaling policies did (adapters/scaling-policies.ts copies them).
import type { PolicyMirror } from "../adapters/ports.ts";

/**
 * One line for a task's reason; empty when the live group has no dynamic policy and the idle one had none.
 * Example: `{ copied: ["cpu-50"], deleted: [], skipped: [], withoutAlarms: [] }` → `"scaling policies copied: cpu-50"`.
 */
export function describeMirror(mirror: PolicyMirror): string {
  const parts = [
    ...(mirror.copied.length > 0 ? [`scaling policies copied: ${mirror.copied.join(", ")}`] : []),
    ...(mirror.deleted.length > 0 ? [`deleted: ${mirror.deleted.join(", ")}`] : []),
    ...(mirror.skipped.length > 0 ? [`not copied: ${mirror.skipped.join(", ")}`] : []),
    ...(mirror.withoutAlarms.length > 0 ? [`no alarm runs ${mirror.withoutAlarms.join(", ")} yet (step and simple policies run from an alarm's actions)`] : []),
  ];
  return parts.join("; ");
}
