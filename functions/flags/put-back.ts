// Putting a flag release's flag back where it started: the Task "Revert the flag" does it on every failure the
// execution catches, and cleanup does it when the execution ended without that (stopped by an operator's abort,
// timed out, or its revert out of retries). Only what the release itself set is undone: a flag someone changed
// during the release (a kill) keeps their change, and a release that set nothing changed nothing.
import type { DeploymentRecord } from "../core/model.ts";
import { describeFlag } from "./document.ts";
import type { FlagStore } from "./flag-store.ts";
import { isAtReleasePercent, percentRecordedSet } from "./release-plan.ts";

export interface PutBack {
  /** Whether a new flags version was written. */
  changed: boolean;
  /** The flags version now latest. */
  version: number;
  reason: string;
}

/**
 * Writes the flags version the release started from (`revertTo`) again as the newest version, noting `cause`,
 * when the flag is still as the release's last step set it. SSM versions only go forward, so a put-back is a
 * new version. Not guarded by the lease: an alarm's revert must land even when the release lost its lease.
 * Example: new-checkout at 25% from this release, revertTo 1 → version 4 with version 1's document,
 *   "Flag new-checkout reverted to flags version 1 (25% of userId → off, now version 4): <cause>".
 */
export async function putFlagBack(
  flags: FlagStore,
  { app, env }: { app: string; env: string },
  record: DeploymentRecord | null,
  release: { flag: string; revertTo: number },
  cause: string,
): Promise<PutBack> {
  const { flag, revertTo } = release;
  const lastSet = record ? percentRecordedSet(record) : null;
  const latest = await flags.latest(app, env);
  const before = latest?.document.flags[flag];
  const version = latest?.version ?? 0;
  if (!record || lastSet === null) return { changed: false, version, reason: `Flag ${flag} left as it was (${before ? describeFlag(before) : "absent"}): the release had not changed it yet; ${cause}` };
  if (!isAtReleasePercent(before, lastSet))
    return { changed: false, version, reason: `Flag ${flag} left as someone set it during the release (${before ? describeFlag(before) : "absent"}, the release had set ${lastSet}%); ${cause}` };
  const previous = await flags.at(app, env, revertTo);
  const written = await flags.put(app, env, previous.document, `flag release ${record.deploymentId} reverted to version ${revertTo}: ${cause}`);
  const restored = previous.document.flags[flag];
  return { changed: true, version: written, reason: `Flag ${flag} reverted to flags version ${revertTo} (${describeFlag(before!)} → ${restored ? describeFlag(restored) : "(absent)"}, now version ${written}): ${cause}` };
}
