// When the reconciler may take a lease from its holder: the lease expired (its execution stopped renewing it),
// or the execution holding it has ended and no cleanup released it — the "Execution Status Change" event is
// best effort, and a lost one would otherwise leave the lease (first granted for the whole deployment, hours)
// and whatever the execution left running (a one-group instance refresh) untouched until it expires.
import type { Clock, Executions, LeaseGrant } from "../adapters/ports.ts";
import { CLEANUP_TIMEOUT_SECONDS } from "./timeouts.ts";

/**
 * How long after its execution ended a lease is left to cleanup: the event normally arrives within seconds
 * and cleanup's first try ends within its timeout. A sweep after that does what cleanup would (both are
 * idempotent); at worst it races a cleanup retry, whose reason then loses to the reconciler's.
 */
export const CLEANUP_GRACE_SECONDS = CLEANUP_TIMEOUT_SECONDS;

/**
 * Why `grant` may be swept now, or null while its holder may still use it. An owner Step Functions does not
 * know (a flag release's execution, of another state machine) is trusted until its lease expires.
 * Example: owner ended ABORTED at 12:00:00, now 12:05:00 →
 *   "execution shop-api-prod-0123456789ab ended ABORTED at 2024-05-01T12:00:00.000Z and no cleanup released its lease".
 */
export async function staleLease(deps: { executions: Executions; clock: Clock }, grant: LeaseGrant): Promise<string | null> {
  const now = deps.clock.now();
  if (grant.expiresAt < now) return `lease held by ${grant.owner} expired at ${new Date(grant.expiresAt).toISOString()} without release`;
  const execution = await deps.executions.describe(grant.owner);
  if (execution.status === "not_found" || execution.status === "RUNNING" || execution.status === "PENDING_REDRIVE") return null;
  const endedAt = execution.stoppedAt ?? now;
  if (now - endedAt < CLEANUP_GRACE_SECONDS * 1000) return null;
  return `execution ${grant.owner} ended ${execution.status} at ${new Date(endedAt).toISOString()} and no cleanup released its lease (token ${grant.fencingToken}; its status change event was lost, or every cleanup try failed)`;
}
