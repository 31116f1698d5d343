// The environments of one app as a path (dev → staging → prod): which env each one is promoted from, and the
// cycles a set of configs must not form (a release could then never enter the path, or go round it).
import type { EnvSource } from "./env-source.ts";

export interface EnvOnPath {
  app: string;
  env: string;
  source: EnvSource;
}

/**
 * Every env whose `promotedFrom` chain comes back to itself, with the cycle spelled out; each env of a cycle is
 * named once. Example: staging ← prod, prod ← staging →
 *   `[{ app: "shop-api", env: "prod", cycle: ["prod", "staging", "prod"] }, { …, env: "staging", … }]`.
 */
export function promotionCycles(configs: EnvOnPath[]): Array<{ app: string; env: string; cycle: string[] }> {
  const upstream = new Map(configs.map((c) => [`${c.app}/${c.env}`, "promotedFrom" in c.source ? c.source.promotedFrom : null]));
  const found: Array<{ app: string; env: string; cycle: string[] }> = [];
  for (const { app, env } of configs) {
    const seen = [env];
    for (let next = upstream.get(`${app}/${env}`); next != null; next = upstream.get(`${app}/${next}`)) {
      if (next === env) {
        found.push({ app, env, cycle: [...seen, env] });
        break;
      }
      // A cycle further up that does not pass through this env is reported for its own members.
      if (seen.includes(next)) break;
      seen.push(next);
    }
  }
  return found;
}

/** The problem line `validate` reports for an env on a cycle. */
export const cycleProblem = (cycle: string[]): string => `source.promotedFrom: the envs are promoted from each other in a cycle (${cycle.join(" ← ")}), so no release could enter it; one env must track a branch`;

/** The envs promoted straight from `env`, in the order given. Example: staging → `[prod]`. */
export function downstreamOf(configs: EnvOnPath[], app: string, env: string): string[] {
  return configs.filter((c) => c.app === app && "promotedFrom" in c.source && c.source.promotedFrom === env).map((c) => c.env);
}
