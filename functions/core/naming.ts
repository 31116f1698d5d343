// Names Glidepath derives from app/env/commit: execution names, Route 53 SetIdentifiers, SSM parameter names.
import type { SlotName } from "./config.ts";

/** Step Functions allows 80 characters; only these are safe in names that also appear in CloudWatch Logs. */
const MAX_EXECUTION_NAME = 80;
const UNSAFE_CHARACTERS = /[^A-Za-z0-9_-]/g;
const COMMIT_CHARS = 12;
export const DEFAULT_PARAMETER_PREFIX = "/glidepath";

function requireText(value: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`${what}: must be a non-empty string`);
  return value;
}

/**
 * The execution name for a commit of an app/env: `<app>-<env>-<commit12>`, at most 80 characters of
 * [A-Za-z0-9-_]. Deterministic, so a duplicate push finds the name taken (Step Functions dedupes for 90 days).
 * When app and env are too long they share what is left after the commit, each keeping its start.
 * Example: `executionName("shop-api", "prod", "0123456789abcdef...")` → `"shop-api-prod-0123456789ab"`.
 */
export function executionName(app: string, env: string, commit: string): string {
  const safe = (text: string) => text.replace(UNSAFE_CHARACTERS, "-");
  const safeApp = safe(requireText(app, "app"));
  const safeEnv = safe(requireText(env, "env"));
  const commit12 = safe(requireText(commit, "commit").slice(0, COMMIT_CHARS));
  // Two dashes separate the three parts.
  const budget = MAX_EXECUTION_NAME - commit12.length - 2;
  const [appPart, envPart] = shareBudget(safeApp, safeEnv, budget);
  return `${appPart}-${envPart}-${commit12}`;
}

/** Truncates two strings to fit `budget` together; the shorter keeps all it can and the longer gets the rest. */
function shareBudget(first: string, second: string, budget: number): [string, string] {
  if (first.length + second.length <= budget) return [first, second];
  const half = Math.floor(budget / 2);
  if (first.length <= half) return [first, second.slice(0, budget - first.length)];
  if (second.length <= budget - half) return [first.slice(0, budget - second.length), second];
  return [first.slice(0, half), second.slice(0, budget - half)];
}

/**
 * The Route 53 SetIdentifier of one slot's weighted record.
 * Example: `setIdentifier("shop-api", "prod", "b")` → `"shop-api-prod-b"`.
 */
export function setIdentifier(app: string, env: string, slot: SlotName): string {
  return `${requireText(app, "app")}-${requireText(env, "env")}-${slot}`;
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, "");
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/**
 * The SSM parameter holding an app/env's config document.
 * Example: `configParameterName("shop-api", "prod")` → `"/glidepath/shop-api/prod/config"`.
 */
export function configParameterName(app: string, env: string, prefix: string = DEFAULT_PARAMETER_PREFIX): string {
  return `${normalizePrefix(prefix)}/${requireText(app, "app")}/${requireText(env, "env")}/config`;
}

/**
 * The app/env a config parameter name belongs to, or null when the name is not a Glidepath config
 * (another prefix, extra path segments, not ending in `/config`).
 * Example: `parseConfigParameterName("/glidepath/shop-api/prod/config")` → `{ app: "shop-api", env: "prod" }`.
 */
export function parseConfigParameterName(
  name: string,
  prefix: string = DEFAULT_PARAMETER_PREFIX,
): { app: string; env: string } | null {
  const root = `${normalizePrefix(prefix)}/`;
  if (!name.startsWith(root)) return null;
  const parts = name.slice(root.length).split("/");
  if (parts.length !== 3 || parts[2] !== "config") return null;
  const [app, env] = parts;
  if (!app || !env) return null;
  return { app, env };
}

/**
 * Tags Glidepath puts on the images it bakes. `managed` is the tag its IAM policy requires before it may
 * deregister an image; `commit` tells which build an instance runs; app and env are what retention lists by.
 */
export const IMAGE_TAG = {
  app: "glidepath:app",
  env: "glidepath:env",
  commit: "glidepath:commit",
  deployment: "glidepath:deployment",
  managed: "glidepath:managed",
} as const;

/**
 * The tags of one deployment's image, the same whether CreateImage made it or an Image Builder pipeline did.
 * Example: `imageTags({ app: "shop-api", env: "prod", commit: "0123abc", deploymentId: "shop-api-prod-0123abc" })`
 * → `{ "glidepath:app": "shop-api", "glidepath:env": "prod", "glidepath:commit": "0123abc",
 *      "glidepath:deployment": "shop-api-prod-0123abc", "glidepath:managed": "true" }`.
 */
export function imageTags(deployment: { app: string; env: string; commit: string; deploymentId: string }): Record<string, string> {
  return {
    [IMAGE_TAG.app]: deployment.app,
    [IMAGE_TAG.env]: deployment.env,
    [IMAGE_TAG.commit]: deployment.commit,
    [IMAGE_TAG.deployment]: deployment.deploymentId,
    [IMAGE_TAG.managed]: "true",
  };
}
