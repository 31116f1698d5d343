// Turning GitHub and GitLab push payloads into a GitPush, the shape the start path takes from any git host.
import * as z from "../core/zod-mini.ts";
import { formatPath } from "../core/config.ts";
import type { GitPush } from "../core/push.ts";

export type GitHost = "github" | "gitlab";

const githubPush = z.object({
  ref: z.string().check(z.minLength(1)),
  after: z.string(),
  before: z.optional(z.string()),
  forced: z.optional(z.boolean()),
  deleted: z.optional(z.boolean()),
  repository: z.object({ full_name: z.string().check(z.minLength(1)) }),
});

const gitlabPush = z.object({
  ref: z.string().check(z.minLength(1)),
  after: z.optional(z.string()),
  before: z.optional(z.string()),
  checkout_sha: z.optional(z.nullable(z.string())),
  project: z.object({ path_with_namespace: z.string().check(z.minLength(1)) }),
});

/** `refs/heads/main` → branch main; `refs/tags/v1` → tag v1. */
function parseRef(ref: string): { name: string; isTag: boolean } | null {
  if (ref.startsWith("refs/heads/")) return { name: ref.slice("refs/heads/".length), isTag: false };
  if (ref.startsWith("refs/tags/")) return { name: ref.slice("refs/tags/".length), isTag: true };
  return null;
}

const ALL_ZEROS = /^0+$/;

/**
 * A push payload as a GitPush, or the problem that makes it not one.
 * Example: GitHub `{ ref: "refs/heads/main", after: "abc…", repository: { full_name: "acme/shop-api" } }`
 *   → `{ repository: "acme/shop-api", branch: "main", commit: "abc…", deleted: false, isTag: false }`.
 */
export function gitPushFromWebhook(host: GitHost, body: unknown): GitPush | { problem: string } {
  if (host === "github") {
    const parsed = githubPush.safeParse(body);
    if (!parsed.success) return { problem: describe(parsed.error.issues) };
    const { ref, after, before, forced, deleted, repository } = parsed.data;
    const parsedRef = parseRef(ref);
    if (!parsedRef) return { problem: `ref: "${ref}" is neither refs/heads/… nor refs/tags/…` };
    return {
      repository: repository.full_name,
      branch: parsedRef.name,
      commit: after,
      deleted: deleted === true || ALL_ZEROS.test(after),
      isTag: parsedRef.isTag,
      ...beforeOf(before),
      ...(forced !== undefined ? { forced } : {}),
    };
  }
  const parsed = gitlabPush.safeParse(body);
  if (!parsed.success) return { problem: describe(parsed.error.issues) };
  const { ref, after, before, checkout_sha, project } = parsed.data;
  const parsedRef = parseRef(ref);
  if (!parsedRef) return { problem: `ref: "${ref}" is neither refs/heads/… nor refs/tags/…` };
  // GitLab sends after = 000…0 and checkout_sha = null when a branch is deleted.
  const commit = checkout_sha ?? after ?? "";
  return { repository: project.path_with_namespace, branch: parsedRef.name, commit, deleted: commit === "" || ALL_ZEROS.test(commit), isTag: parsedRef.isTag, ...beforeOf(before) };
}

/** A new ref's `before` is all zeros (GitHub, GitLab): it has no previous head. */
function beforeOf(before: string | undefined): { before?: string } {
  return before && !ALL_ZEROS.test(before) ? { before } : {};
}

function describe(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ");
}
