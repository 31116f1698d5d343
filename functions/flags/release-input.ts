// A flag release's execution input, `{ app, env, flagRelease: {…} }`, told apart from a deployment's `{ app, env, commit }`.
import { executionNamePrefix } from "../core/naming.ts";
import type { FlagReleaseRequest } from "./release-plan.ts";

export interface FlagReleaseInput {
  app: string;
  env: string;
  flagRelease: FlagReleaseRequest & { by: string; reason: string };
}

export function isFlagReleaseInput(input: unknown): input is FlagReleaseInput {
  return typeof input === "object" && input !== null && typeof (input as { flagRelease?: unknown }).flagRelease === "object";
}

/**
 * Whether `name` is a flag release's execution of this app/env (`<prefix>flag-…`): a deployment's is `<prefix>`
 * then a commit's hex digits, which never spell "flag".
 * Example: `isFlagReleaseName("shop-api", "prod", "shop-api-prod-flag-checkout-tph2w0")` → true.
 */
export function isFlagReleaseName(app: string, env: string, name: string): boolean {
  return name.startsWith(`${executionNamePrefix(app, env)}flag-`);
}

/**
 * The execution name of a flag release, `<app>-<env>-flag-<flag>-<time>`, within Step Functions' 80 characters
 * (`executionNamePrefix` keeps long app/envs apart, and cleanup finds the app/env by it). The start time in
 * base 36 makes each release of a flag a name of its own.
 * Example: `flagReleaseName("shop-api", "prod", "new-checkout", Date.parse("2026-12-03T14:00:00Z"))` → `"shop-api-prod-flag-new-checkout-tph2w0"`.
 */
export function flagReleaseName(app: string, env: string, flag: string, startedAtMs: number): string {
  const prefix = executionNamePrefix(app, env);
  const stamp = Math.floor(startedAtMs / 1000).toString(36);
  const room = 80 - prefix.length - "flag-".length - stamp.length - 1;
  return `${prefix}flag-${flag.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, room)}-${stamp}`;
}
