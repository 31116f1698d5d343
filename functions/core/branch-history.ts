// Ordering pushes by git history, not by arrival: every push event carries the branch head before it
// (CodeCommit `oldCommitId`, GitHub/GitLab `before`), so the ledger can record the branch head chain and tell
// an old commit delivered late from a new one. Pure: the ledger walks and stores, these functions decide.

/** One push of a tracked branch, as the ledger records it for ordering. */
export interface PushLink {
  commit: string;
  /**
   * The branch head this push moved on from (`before`), which git history makes this commit's ancestor.
   * null for a new branch and for a force push: a rewritten branch's `before` says nothing about ancestry.
   */
  parent: string | null;
  /** ISO time the push event reached Glidepath. */
  receivedAt: string;
  /** A force push (GitHub `forced: true`, or a rewind to a commit the branch had already moved past). */
  forced: boolean;
}

/** How far back a walk of recorded parents goes: enough for any queue, bounded for the ledger's reads. */
export const ANCESTRY_LIMIT = 100;

/**
 * The recorded ancestry of `head`: head, its parent, its grandparent, … as far as pushes were recorded,
 * stopping at an unknown commit, a cycle, or `limit` commits.
 * Example: with parents `{ v3: "v2", v2: "v1" }`, `ancestry("v3", (c) => parents[c])` → `["v3", "v2", "v1"]`.
 */
export function ancestry(head: string, parentOf: (commit: string) => string | null | undefined, limit = ANCESTRY_LIMIT): string[] {
  const seen: string[] = [];
  for (let commit: string | null | undefined = head; commit && seen.length < limit && !seen.includes(commit); commit = parentOf(commit)) seen.push(commit);
  return seen;
}

/**
 * Whether a push rewrote the branch rather than moving it forward. The host may say so (GitHub `forced`);
 * CodeCommit and GitLab do not, but a push whose commit the branch had already moved past (it is in the
 * recorded ancestry of `before`) can only be a rewind. A force push to a brand-new commit looks like any
 * other push, and is ordered like one: it is newer than everything before it.
 * Example: ancestry of before `v3` is `["v3", "v2", "v1"]`; a push of `v2` → true; a push of `v4` → false.
 */
export function isForcePush(push: { commit: string; before: string | null; hostSaysForced?: boolean }, ancestryOfBefore: readonly string[]): boolean {
  if (push.hostSaysForced === true) return true;
  if (push.before === null || push.before === push.commit) return false;
  return ancestryOfBefore.includes(push.commit);
}

/** The parent link a push adds to the chain: none for a force push, whose `before` is not an ancestor. */
export function parentLink(before: string | null, forced: boolean): string | null {
  return forced ? null : before;
}

const short = (commit: string) => commit.slice(0, 12);

/**
 * Why a push must not deploy, or null when it may. A push is outdated when its commit is an ancestor of
 * the live commit, or of any other recorded push (`children`: the pushes recorded on top of it, parent =
 * its commit): deploying it would take the branch backwards (I7). A force push is the exception: the newest
 * push by arrival wins, so only pushes that arrived after it can outdate it (a rewind to v2 after v3 went
 * live deploys v2).
 * Example: push `v2` (parent v1), live `v3` with ancestry `["v3", "v2", "v1"]`
 *   → "commit v2 is an ancestor of the live commit v3: skipped, so the branch never goes backwards".
 */
export function outdatedReason(
  push: PushLink,
  facts: { live: string | null; liveAncestry: readonly string[]; children: readonly PushLink[] },
): string | null {
  const { live, liveAncestry, children } = facts;
  const counts = (child: PushLink) => child.commit !== push.commit && (!push.forced || Date.parse(child.receivedAt) > Date.parse(push.receivedAt));
  if (!push.forced && live !== null && live !== push.commit && liveAncestry.includes(push.commit))
    return `commit ${short(push.commit)} is an ancestor of the live commit ${short(live)}: skipped, so the branch never goes backwards`;
  const newer = children.filter(counts).sort((x, y) => Date.parse(y.receivedAt) - Date.parse(x.receivedAt))[0];
  if (newer)
    return `commit ${short(push.commit)} is an ancestor of ${short(newer.commit)}, pushed on top of it (received ${newer.receivedAt}): skipped, so the branch never goes backwards`;
  return null;
}

/**
 * Of two pushes waiting for the lease, whether `candidate` is the newer one, which the queue keeps.
 * Git history decides when it can (the other is in the candidate's recorded ancestry); otherwise (a force
 * push, unrelated histories) the later arrival wins, and on a tie the candidate (the one queuing now).
 * Example: candidate v3 with ancestry `["v3", "v2", "v1"]` against waiting v2 → true, even if v2 arrived last.
 */
export function isNewerPush(candidate: PushLink, waiting: PushLink, candidateAncestry: readonly string[]): boolean {
  if (candidateAncestry.includes(waiting.commit)) return true;
  return Date.parse(candidate.receivedAt) >= Date.parse(waiting.receivedAt);
}
