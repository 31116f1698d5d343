// Drift between the envs of one app: every place their configs differ, other than the keys meant to differ from
// env to env (where it runs and where its releases come from). What passed staging should meet the same
// strategy, checks, alarms and limits in prod; a difference anywhere else is drift, and is listed.
import type { Config } from "./config.ts";

/**
 * The keys each env has its own of (a key and everything under it). README.md documents the same list.
 * - `env`, `source`: which env it is, and where its releases come from (a branch, or the env before it);
 * - `fleet.slots`, `fleet.capacity`, `fleet.launchTemplateId`, `fleet.application`: its own groups, endpoints and size;
 * - `traffic.hostedZoneId`, `traffic.recordName`: its own DNS name;
 * - `image.instanceId`, `image.pipelineArn`: its own builder (a promoted env bakes nothing anyway);
 * - `windows`, `freeze`: when it may change.
 */
export const ALLOWED_TO_DIFFER = [
  "env",
  "source",
  "fleet.slots",
  "fleet.capacity",
  "fleet.launchTemplateId",
  "fleet.application",
  "traffic.hostedZoneId",
  "traffic.recordName",
  "image.instanceId",
  "image.pipelineArn",
  "windows",
  "freeze",
] as const;

/** One difference: the path, and each env's value there (null where the env has none). */
export interface Drift {
  path: string;
  values: Record<string, unknown>;
}

const allowed = (path: string) => ALLOWED_TO_DIFFER.some((key) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`));

/** Every leaf of a document by its path (`strategy.steps[1].bake`), strings with the env's own name as `{env}`. */
function leaves(value: unknown, env: string, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((item, i) => leaves(item, env, `${path}[${i}]`, out));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) leaves(item, env, path ? `${path}.${key}` : key, out);
  } else {
    // `shop-api-staging-{slot}-5xx` and `shop-api-prod-{slot}-5xx` are the same alarm, each env's own.
    out.set(path, typeof value === "string" ? value.replace(new RegExp(`(?<![a-z0-9])${env.replace(/-/g, "\\-")}(?![a-z0-9])`, "g"), "{env}") : value);
  }
  return out;
}

/**
 * Every difference between the configs of one app's envs, path by path, in the order the paths first appear.
 * Example: staging bakes 3m at 10%, prod 10m → `[{ path: "strategy.steps[0].bake", values: { staging: 180, prod: 600 } }]`.
 */
export function envDrift(configs: Array<Pick<Config, "env">>): Drift[] {
  const byEnv = configs.map((config) => ({ env: config.env, leaves: leaves(config, config.env) }));
  const paths = [...new Set(byEnv.flatMap(({ leaves: l }) => [...l.keys()]))].filter((path) => !allowed(path));
  const drift: Drift[] = [];
  for (const path of paths) {
    const values = Object.fromEntries(byEnv.map(({ env, leaves: l }) => [env, l.has(path) ? l.get(path) : null]));
    const distinct = new Set(Object.values(values).map((value) => JSON.stringify(value)));
    if (distinct.size > 1) drift.push({ path, values });
  }
  return drift;
}

/** One line per difference: `strategy.steps[0].bake: staging 180, prod 600`. */
export const driftLine = ({ path, values }: Drift): string =>
  `${path}: ${Object.entries(values)
    .map(([env, value]) => `${env} ${value === null ? "(none)" : JSON.stringify(value)}`)
    .join(", ")}`;
