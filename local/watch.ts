// `glidepath local watch`: every new commit on a branch of a local git repository becomes a CodeCommit push
// event, as a push to a tracked branch does on AWS.
import { basename, resolve } from "node:path";
import { branchHead } from "./git.ts";
import { codeCommitPushEvent } from "./codecommit-event.ts";

export interface BranchWatcher {
  /** Checks the branch once now; resolves with the event it delivered, if any. */
  poll(): Promise<Record<string, unknown> | null>;
  stop(): void;
}

export interface WatchOptions {
  repo: string;
  branch: string;
  /** Repository name in the events; the folder's name by default (what a config's `source.repository` names). */
  repositoryName?: string;
  intervalMs?: number;
  now?: () => Date;
  onPush: (event: Record<string, unknown>) => Promise<void> | void;
  onError?: (error: Error) => void;
  /** The branch is not in the repository: called on the first poll that finds it missing, again only after it was back. */
  onBranchMissing?: () => Promise<void> | void;
}

/** Polls the branch head; a change (including the first commit) delivers one push event. */
export function watchBranch(options: WatchOptions): BranchWatcher {
  const repo = resolve(options.repo);
  const repositoryName = options.repositoryName ?? basename(repo);
  const now = options.now ?? (() => new Date());
  let lastSeen: string | null | undefined;
  let stopped = false;
  let polling: Promise<Record<string, unknown> | null> | null = null;
  let missingSaid = false;

  const check = async (): Promise<Record<string, unknown> | null> => {
    const head = await branchHead(repo, options.branch);
    // A misspelled branch would otherwise look like a branch nobody has committed to yet.
    if (head === null && !missingSaid) await options.onBranchMissing?.();
    missingSaid = head === null;
    if (head === null || head === lastSeen) return null;
    const previous = lastSeen ?? undefined;
    lastSeen = head;
    const event = codeCommitPushEvent({ repositoryName, branch: options.branch, commit: head, oldCommit: previous, time: now() });
    await options.onPush(event);
    return event;
  };
  // One poll at a time: a slow deployment start must not let the next tick deliver the same push twice.
  const poll = () => (polling ??= check().finally(() => (polling = null)));

  const timer = setInterval(() => {
    if (!stopped) poll().catch((error: Error) => options.onError?.(error));
  }, options.intervalMs ?? 1000);
  timer.unref();

  return {
    poll,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
