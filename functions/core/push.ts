// Deciding whether a git push starts a deployment: CodeCommit events and webhook pushes, one set of rules.
import * as z from "./zod-mini.ts";
import { formatPath } from "./config.ts";

/** A push normalized from any git host (CodeCommit event, GitHub/GitLab webhook). */
export interface GitPush {
  repository: string;
  /** The ref's short name: a branch name, or the tag name when `isTag`. */
  branch: string;
  /** The new head; empty (or all zeros, as GitHub and GitLab send) when the ref was deleted. */
  commit: string;
  deleted: boolean;
  isTag: boolean;
  /** The ref's head before the push (CodeCommit `oldCommitId`, GitHub/GitLab `before`); absent for a new ref. */
  before?: string;
  /** GitHub's `forced` flag; CodeCommit and GitLab do not send one. */
  forced?: boolean;
}

/** What a config tracks: pushes to `branch` of `repository` deploy `app`/`env`. */
export interface TrackedBranch {
  app: string;
  env: string;
  repository: string;
  branch: string;
}

export interface StartMatch {
  kind: "start";
  app: string;
  env: string;
  commit: string;
  repository: string;
  branch: string;
}
export interface IgnoreMatch {
  kind: "ignore";
  reason: string;
}
export type PushMatch = StartMatch | IgnoreMatch;

const codeCommitEventSchema = z.object({
  source: z.literal("aws.codecommit"),
  "detail-type": z.literal("CodeCommit Repository State Change"),
  detail: z.object({
    event: z.enum(["referenceCreated", "referenceUpdated", "referenceDeleted"]),
    repositoryName: z.string().check(z.minLength(1)),
    referenceType: z.enum(["branch", "tag"]),
    referenceName: z.string().check(z.minLength(1)),
    commitId: z.optional(z.string().check(z.minLength(1))),
    oldCommitId: z.optional(z.string().check(z.minLength(1))),
  }),
});

const NO_COMMIT = /^0*$/;

/**
 * Every app/env that a push deploys, or the reason it deploys nothing. Rules, in order: tag pushes, deleted
 * refs, pushes that leave the head where it was, repositories no config names, and branches no config tracks
 * are ignored.
 * Example: a push to `shop-api`/`main` with configs for prod and staging both on main → two starts.
 */
export function matchAllGitPush(push: GitPush, configs: TrackedBranch[]): { kind: "start"; starts: StartMatch[] } | IgnoreMatch {
  const { repository, branch, commit } = push;
  if (push.isTag) return ignore(`tag ${branch} of ${repository} was pushed; only branch pushes deploy`);
  if (push.deleted || NO_COMMIT.test(commit)) return ignore(`branch ${branch} of ${repository} was deleted; nothing to deploy`);
  // A ref update that leaves the head where it was (a redelivered or replayed push of the same head) moves nothing.
  if (push.before === commit) return ignore(`branch ${branch} of ${repository} did not move (its head was already ${commit.slice(0, 12)}); nothing to deploy`);
  const forRepository = configs.filter((config) => config.repository === repository);
  if (forRepository.length === 0) return ignore(`no app is configured for repository ${repository}`);
  const tracking = forRepository.filter((config) => config.branch === branch);
  if (tracking.length === 0) {
    const tracked = [...new Set(forRepository.map((config) => config.branch))].join(", ");
    return ignore(`branch ${branch} of ${repository} is not tracked (tracked: ${tracked})`);
  }
  return { kind: "start", starts: tracking.map(({ app, env }) => ({ kind: "start", app, env, commit, repository, branch })) };
}

/**
 * The first app/env (in config order) that a push deploys, or the reason it deploys nothing; see
 * `matchAllGitPush` for the rules and for pushes that deploy several environments.
 * Example: `matchGitPush({ repository: "shop-api", branch: "main", commit: "abc", deleted: false, isTag: false },
 *   [{ app: "shop-api", env: "prod", repository: "shop-api", branch: "main" }])`
 *   → `{ kind: "start", app: "shop-api", env: "prod", commit: "abc", repository: "shop-api", branch: "main" }`.
 */
export function matchGitPush(push: GitPush, configs: TrackedBranch[]): PushMatch {
  const match = matchAllGitPush(push, configs);
  return match.kind === "ignore" ? match : match.starts[0]!;
}

/**
 * Normalizes a CodeCommit "Repository State Change" event into a GitPush, or explains why it is not one.
 * Example: detail `{ event: "referenceUpdated", referenceType: "branch", referenceName: "main", commitId: "abc", … }`
 *   → `{ repository: "shop-api", branch: "main", commit: "abc", deleted: false, isTag: false }`.
 */
export function gitPushFromCodeCommit(event: unknown): GitPush | IgnoreMatch {
  const parsed = codeCommitEventSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ");
    return ignore(`not a CodeCommit Repository State Change event (${problems})`);
  }
  const { detail } = parsed.data;
  return {
    repository: detail.repositoryName,
    branch: detail.referenceName,
    commit: detail.commitId ?? "",
    deleted: detail.event === "referenceDeleted" || !detail.commitId,
    isTag: detail.referenceType === "tag",
    ...(detail.oldCommitId && !NO_COMMIT.test(detail.oldCommitId) ? { before: detail.oldCommitId } : {}),
  };
}

/**
 * Matches a CodeCommit event against the tracked branches (normalizes, then applies `matchGitPush`).
 * Example: a tag push event → `{ kind: "ignore", reason: "tag v1.2.0 of shop-api was pushed; only branch pushes deploy" }`.
 */
export function matchPush(event: unknown, configs: TrackedBranch[]): PushMatch {
  const push = gitPushFromCodeCommit(event);
  return "kind" in push ? push : matchGitPush(push, configs);
}

function ignore(reason: string): IgnoreMatch {
  return { kind: "ignore", reason };
}
