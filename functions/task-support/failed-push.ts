// A push whose execution ended before it took the lease (Load config refused its config, a Preflight check
// failed, it was stopped) has no deployment record: its push record says what became of it instead, so
// `glidepath history` and the invariant monitor (I9: every push deployed or recorded with why not) see it.
import { executionName } from "../core/naming.ts";
import type { PushLog } from "../adapters/ports.ts";

export interface EndedBeforeLease {
  app: string;
  env: string;
  commit: string;
  /** The execution that ended (its name is the deployment id). */
  deploymentId: string;
  reason: string;
}

/**
 * Marks the push `failed` with `reason` when this execution is its latest attempt and nothing else has said
 * what became of it (still `received`): a later attempt of the same commit, or a push that queued, was skipped
 * or took the lease, keeps its own status. Returns whether it marked it.
 * Example: Preflight refused shop-api-prod-0123456789ab → push 0123456789ab… is `failed`, "Preflight failed …".
 */
export async function recordEndedBeforeLease(ledger: PushLog, { app, env, commit, deploymentId, reason }: EndedBeforeLease): Promise<boolean> {
  const push = await ledger.getPush(app, env, commit);
  if (!push || push.status !== "received" || executionName(app, env, commit, push.attempts) !== deploymentId) return false;
  await ledger.markPush(app, env, commit, "failed", reason, deploymentId);
  return true;
}
