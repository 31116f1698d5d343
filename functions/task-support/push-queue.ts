// The durable push queue: a push that finds the lease taken waits in the ledger, not in a retry loop, and
// is started again when the lease is released. At most one push waits per app/env: the newest wins, and
// the one it displaces is marked superseded with the reason, so no push vanishes without a record (I9).
import type { Clock, Executions, Lease, Ledger, PendingPush } from "../adapters/ports.ts";
import { isNewerPush } from "../core/branch-history.ts";
import { executionName } from "../core/naming.ts";
import { recordedAncestry } from "./branch-chain.ts";

/** Enough rounds of compare-and-set for any realistic burst of pushes queuing at the same moment. */
const QUEUE_ROUNDS = 10;

export type Queued = { queued: true; superseded?: string; reason: string } | { queued: false; reason: string };

/**
 * Makes `push` the one waiting for the lease, unless a newer push already waits (then `push` is marked
 * superseded). Compare-and-set, so two executions queuing at once both see the other's write.
 */
export async function queuePush(ledger: Ledger, push: PendingPush, execution: string, waitsFor?: string): Promise<Queued> {
  const { app, env, commit } = push;
  const ancestry = await recordedAncestry(ledger, app, env, commit);
  const link = async (pending: PendingPush) => (await ledger.getPush(app, env, pending.commit)) ?? { commit: pending.commit, parent: null, receivedAt: pending.receivedAt, forced: false };
  const mine = await link(push);
  for (let round = 0; round < QUEUE_ROUNDS; round++) {
    const waiting = await ledger.getPending(app, env);
    if (waiting?.commit === commit && waiting.attempt >= push.attempt) return { queued: true, reason: `already waiting for the lease of ${app}/${env}` };
    if (waiting && waiting.commit !== commit && !isNewerPush(mine, await link(waiting), ancestry)) {
      const reason = `superseded while waiting for the lease: ${waiting.commit.slice(0, 12)} (newer) is waiting too, and only the newest push deploys`;
      await markIfRecorded(ledger, app, env, commit, "superseded", reason, execution);
      return { queued: false, reason };
    }
    if (!(await ledger.replacePending(push, waiting ? { commit: waiting.commit, attempt: waiting.attempt } : null))) continue;
    const reason = waitsFor ?? `waiting for the lease of ${app}/${env}; started again when it is released`;
    await markIfRecorded(ledger, app, env, commit, "pending", reason, execution);
    if (waiting && waiting.commit !== commit) {
      await markIfRecorded(ledger, app, env, waiting.commit, "superseded", `superseded while waiting for the lease by ${commit.slice(0, 12)}, a newer push: only the newest waiting push deploys`);
      return { queued: true, superseded: waiting.commit, reason: `${reason}; it superseded ${waiting.commit.slice(0, 12)}, which was waiting` };
    }
    return { queued: true, reason };
  }
  throw new Error(`could not queue ${commit.slice(0, 12)} for ${app}/${env}: the pending push kept changing`);
}

export interface StartPendingDeps {
  ledger: Ledger;
  lease: Lease;
  executions: Executions;
  /** What `notBefore` (a push waiting for a deploy window) is judged by. */
  clock: Clock;
}

/**
 * After a lease is released (Release the lease, Finish rollback, cleanup, the reconciler): starts the push
 * waiting for it, as a new attempt with a name of its own. Does nothing while someone holds the lease (its
 * release starts the pending push) or when nothing waits. Start first, then clear: a crash in between
 * leaves the push pending, and starting it again finds its name taken.
 * Example: v3 pending (attempt 1) and the lease free → starts `<app>-<env>-<v3>-2`, returns a reason naming it.
 */
export async function startPendingPush(deps: StartPendingDeps, app: string, env: string): Promise<string | null> {
  if (await deps.lease.current(app, env)) return null;
  const pending = await deps.ledger.getPending(app, env);
  if (!pending) return null;
  // Waiting for the deploy window or a freeze's end: the reconciler's rounds start it once that has come.
  if (pending.notBefore !== undefined && deps.clock.now() < pending.notBefore) return null;
  // The same name from every caller that gets here for this pending push: a second start finds it taken.
  const attempt = pending.attempt + 1;
  const name = executionName(app, env, pending.commit, attempt);
  const { status } = await deps.executions.start({ name, input: { ...pending.input, attempt } });
  await deps.ledger.clearPending(app, env, { commit: pending.commit, attempt: pending.attempt });
  const reason = `started ${name} for ${pending.commit.slice(0, 12)}, which was waiting for the lease${status === "exists" ? " (already started)" : ""}`;
  const recorded = await deps.ledger.getPush(app, env, pending.commit);
  // Attempts only grow, so a later push of the same commit from another head gets a name of its own.
  if (recorded) await deps.ledger.recordPush({ ...recorded, attempts: Math.max(recorded.attempts, attempt), status: "received", reason, execution: name });
  return reason;
}

async function markIfRecorded(ledger: Ledger, app: string, env: string, commit: string, status: "pending" | "superseded", reason: string, execution?: string) {
  if (await ledger.getPush(app, env, commit)) await ledger.markPush(app, env, commit, status, reason, execution);
}
