// Where an environment's releases come from: a branch of a repository (pushes deploy it), or another
// environment of the same app (`promotedFrom`): the release that env promoted, once it has soaked there, on
// the same image. One strict object with every key, so an unknown key gets its "did you mean" like any
// other, and a rule per combination, so a half-written source names exactly what is missing or too much.
import * as z from "./zod-mini.ts";
import { formatDuration, parseDuration } from "./duration.ts";

/** A source that tracks a branch: every push to it deploys the env. */
export interface BranchSource {
  repository: string;
  branch: string;
}

/** A source that is an upstream env: its promoted release comes here after `soakSeconds` alarm-free there. */
export interface PromotionSource {
  promotedFrom: string;
  /** How long the release must have been live and alarm-free upstream before it is promoted here. */
  soakSeconds: number;
  /** true: after the soak it waits for `glidepath approve` before it starts. */
  approval: boolean;
}

export type EnvSource = BranchSource | PromotionSource;

/** The soak's bounds: up to two weeks, CloudWatch's alarm history (what the soak is judged from) keeps about that. */
const SOAK_LIMITS = { min: 0, max: 14 * 86400 } as const;

const ENV_NAME = /^[a-z0-9][a-z0-9-]*$/;

type Issue = { message: string; path: string[] };

/**
 * The rules of a source written as `{repository, branch?}` or `{promotedFrom, soak, approval?}`, every
 * problem with its key. Example: `{ promotedFrom: "staging" }` → `[{ path: ["soak"], message: "is required with promotedFrom …" }]`.
 */
function sourceProblems(source: Record<string, unknown>): Issue[] {
  const problems: Issue[] = [];
  const text = (key: string) => typeof source[key] === "string" && (source[key] as string).length > 0;
  const has = (key: string) => source[key] !== undefined;
  if (has("promotedFrom")) {
    if (!text("promotedFrom") || !ENV_NAME.test(source["promotedFrom"] as string))
      problems.push({ path: ["promotedFrom"], message: "must be the name of another env of this app (lowercase letters, digits and dashes)" });
    for (const key of ["repository", "branch"]) if (has(key)) problems.push({ path: [key], message: "cannot be combined with promotedFrom: an env takes its releases from a branch or from another env, not both" });
    if (!has("soak")) problems.push({ path: ["soak"], message: 'is required with promotedFrom: how long a release stays live and alarm-free upstream first (e.g. "2h", or "0s")' });
    else if (soakSeconds(source["soak"]) === undefined) problems.push({ path: ["soak"], message: `must be a duration ${formatDuration(SOAK_LIMITS.min)}–${formatDuration(SOAK_LIMITS.max)} such as 30m or 2h` });
    if (has("approval") && typeof source["approval"] !== "boolean") problems.push({ path: ["approval"], message: "must be true or false" });
    return problems;
  }
  if (!has("repository")) problems.push({ path: ["repository"], message: "is required: the repository whose branch deploys this env (or use promotedFrom to take releases from another env)" });
  else if (!text("repository")) problems.push({ path: ["repository"], message: "must be a repository name" });
  if (has("branch") && !text("branch")) problems.push({ path: ["branch"], message: "must be a branch name" });
  for (const key of ["soak", "approval"]) if (has(key)) problems.push({ path: [key], message: "only applies with promotedFrom (a source that is another env)" });
  return problems;
}

function soakSeconds(value: unknown): number | undefined {
  const seconds = typeof value === "string" ? parseDuration(value) : undefined;
  return seconds !== undefined && seconds >= SOAK_LIMITS.min && seconds <= SOAK_LIMITS.max ? seconds : undefined;
}

/** The `source` key of a config: checked by sourceProblems, parsed into a BranchSource or a PromotionSource. */
export const sourceSchema = z.pipe(
  z.strictObject({
    repository: z.optional(z.unknown()),
    branch: z.optional(z.unknown()),
    promotedFrom: z.optional(z.unknown()),
    soak: z.optional(z.unknown()),
    approval: z.optional(z.unknown()),
  }),
  z.transform((source, ctx): EnvSource => {
    const problems = sourceProblems(source);
    for (const { path, message } of problems) ctx.issues.push({ code: "custom", message, path, input: source });
    if (problems.length > 0) return z.NEVER;
    if (source.promotedFrom !== undefined)
      return { promotedFrom: source.promotedFrom as string, soakSeconds: soakSeconds(source.soak)!, approval: (source.approval as boolean | undefined) ?? false };
    return { repository: source.repository as string, branch: (source.branch as string | undefined) ?? "main" };
  }),
);

/** What a source is written as (the config document's `source`). */
export type SourceInput = { repository: string; branch?: string } | { promotedFrom: string; soak: string; approval?: boolean };

export const isPromotionSource = (source: EnvSource): source is PromotionSource => "promotedFrom" in source;

/** The branch an env tracks, or null when its releases come from another env. */
export const trackedBranchOf = (source: EnvSource): BranchSource | null => (isPromotionSource(source) ? null : source);

/**
 * The repository and branch an execution's input names: the tracked branch, or for a promoted env the env it
 * is promoted from (informational only; nothing downstream of the input reads them to decide).
 */
export const releaseOrigin = (source: EnvSource): { repository: string; branch: string } =>
  isPromotionSource(source) ? { repository: `env:${source.promotedFrom}`, branch: source.promotedFrom } : { repository: source.repository, branch: source.branch };
