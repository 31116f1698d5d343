// The branch head chain in the ledger: recording a push as it arrives (start-deployment) and judging, with
// the lease held, whether a push is older than what is live or already pushed (acquire-lease). The rules
// are pure (core/branch-history.ts); this reads what they need.
import type { Ledger, PushRecord } from "../adapters/ports.ts";
import { ANCESTRY_LIMIT, isForcePush, outdatedReason, parentLink } from "../core/branch-history.ts";

/** Commits from `head` back along recorded parent links (head first), as core `ancestry` walks them. */
export async function recordedAncestry(ledger: Ledger, app: string, env: string, head: string | null): Promise<string[]> {
  const seen: string[] = [];
  for (let commit = head; commit && seen.length < ANCESTRY_LIMIT && !seen.includes(commit); ) {
    seen.push(commit);
    commit = (await ledger.getPush(app, env, commit))?.parent ?? null;
  }
  return seen;
}

export interface ArrivedPush {
  app: string;
  env: string;
  commit: string;
  /** The branch head before the push (`before`/`oldCommitId`); null for a new branch. */
  before: string | null;
  /** GitHub's `forced`; CodeCommit and GitLab do not say. */
  hostSaysForced?: boolean;
  receivedAt: string;
}

/**
 * Records a push as it arrives and says which execution attempt it is. A duplicate delivery (same commit,
 * same `before`) changes nothing and gets the same attempt, so its execution name is taken and it deploys
 * once. The same commit pushed again from another head (a force push back to it) is a new push: a new
 * attempt, so it gets a name of its own.
 */
export async function recordArrival(ledger: Ledger, push: ArrivedPush): Promise<{ record: PushRecord; duplicate: boolean }> {
  const { app, env, commit, before } = push;
  const existing = await ledger.getPush(app, env, commit);
  if (existing && existing.before === before) return { record: existing, duplicate: true };
  const forced = isForcePush({ commit, before, ...(push.hostSaysForced !== undefined ? { hostSaysForced: push.hostSaysForced } : {}) }, await recordedAncestry(ledger, app, env, before));
  const record: PushRecord = {
    app,
    env,
    commit,
    parent: parentLink(before, forced),
    before,
    receivedAt: push.receivedAt,
    forced,
    attempts: existing ? existing.attempts + 1 : 1,
    status: "received",
    reason: forced ? `force push from ${before?.slice(0, 12) ?? "nothing"}: the newest push by arrival wins` : "received",
  };
  await ledger.recordPush(record);
  return { record, duplicate: false };
}

/**
 * Why this push must not deploy now (it is an ancestor of the live commit or of a newer recorded push), or
 * null. Call it with the lease held, so the live commit cannot change underneath. A push the ledger has no
 * record of (recorded before this existed) is judged from its commit alone, as received at `receivedAt`.
 */
export async function outdatedPush(ledger: Ledger, app: string, env: string, commit: string, receivedAt: string): Promise<string | null> {
  const record = await ledger.getPush(app, env, commit);
  const live = (await ledger.getLive(app, env))?.commit ?? null;
  return outdatedReason(record ?? { commit, parent: null, receivedAt, forced: false }, {
    live,
    liveAncestry: await recordedAncestry(ledger, app, env, live),
    children: await ledger.pushesOnTopOf(app, env, commit),
  });
}
