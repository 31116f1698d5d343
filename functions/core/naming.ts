// Names Glidepath derives from app/env/commit: execution names, Route 53 SetIdentifiers, SSM parameter names.
import type { SlotName } from "./config.ts";

/** Step Functions allows 80 characters; only these are safe in names that also appear in CloudWatch Logs. */
const MAX_EXECUTION_NAME = 80;
const UNSAFE_CHARACTERS = /[^A-Za-z0-9_-]/g;
const COMMIT_CHARS = 12;
/** Hex digits of the app/env hash that keeps shortened names apart (48 bits). */
const HASH_CHARS = 12;
/** The longest `-<attempt>` suffix (attempts are whole numbers up to 9999). */
const MAX_ATTEMPT = 9999;
export const DEFAULT_PARAMETER_PREFIX = "/glidepath";

function requireText(value: string, what: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`${what}: must be a non-empty string`);
  return value;
}

const safe = (text: string) => text.replace(UNSAFE_CHARACTERS, "-");

/**
 * The part of every execution name of an app/env before the commit: `<app>-<env>-`, or, when app and env
 * together are too long to leave room for the commit and an attempt, a shortened `<app>-<env>` followed by
 * a hash of the full pair (`<app…>-<env…>-<hash12>-`). The hash keeps two long app/envs that share their
 * first characters apart. Cleanup uses this to find the app/env a bare execution name belongs to.
 * Example: `executionNamePrefix("shop-api", "prod")` → `"shop-api-prod-"`;
 *   `executionNamePrefix("a".repeat(64), "prod-eu-west-1")` → `"aaaa…a-prod-eu-west-1-<12 hex>-"` (≤ 61 characters).
 */
export function executionNamePrefix(app: string, env: string): string {
  const safeApp = safe(requireText(app, "app"));
  const safeEnv = safe(requireText(env, "env"));
  // Room for the commit (12), the attempt suffix ("-9999") and the dashes around the commit.
  const budget = MAX_EXECUTION_NAME - COMMIT_CHARS - `-${MAX_ATTEMPT}`.length - 1;
  const plain = `${safeApp}-${safeEnv}-`;
  if (plain.length <= budget) return plain;
  const hash = fnv1a64(`${app}/${env}`).slice(0, HASH_CHARS);
  // Two dashes between app, env and hash, one after the hash.
  const [appPart, envPart] = shareBudget(safeApp, safeEnv, budget - HASH_CHARS - 3);
  return `${appPart}-${envPart}-${hash}-`;
}

/**
 * The execution name of one attempt at deploying a commit of an app/env: `<app>-<env>-<commit12>`, with
 * `-<attempt>` after it from the second attempt on, at most 80 characters of [A-Za-z0-9-_].
 * Deterministic, so a duplicate delivery of the same push finds the name taken (Step Functions keeps names
 * for 90 days), while a deliberate second attempt at the same commit (a queued push started again once
 * the lease is free) gets a name of its own. Long app/env names are shortened and hashed
 * (`executionNamePrefix`), so two app/envs never share a name.
 * Example: `executionName("shop-api", "prod", "0123456789abcdef...")` → `"shop-api-prod-0123456789ab"`;
 *   with attempt 2 → `"shop-api-prod-0123456789ab-2"`.
 */
export function executionName(app: string, env: string, commit: string, attempt = 1): string {
  const commit12 = safe(requireText(commit, "commit").slice(0, COMMIT_CHARS));
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) throw new Error(`attempt: must be a whole number from 1 to ${MAX_ATTEMPT}`);
  return `${executionNamePrefix(app, env)}${commit12}${attempt > 1 ? `-${attempt}` : ""}`;
}

/** Truncates two strings to fit `budget` together; the shorter keeps all it can and the longer gets the rest. */
function shareBudget(first: string, second: string, budget: number): [string, string] {
  if (first.length + second.length <= budget) return [first, second];
  const half = Math.floor(budget / 2);
  if (first.length <= half) return [first, second.slice(0, budget - first.length)];
  if (second.length <= budget - half) return [first.slice(0, budget - second.length), second];
  return [first.slice(0, half), second.slice(0, budget - half)];
}

/** FNV-1a, 64 bits, as 16 hex digits: a stable hash with no dependency (names are not a security boundary). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
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
