// Shared builders for env-path scenarios: shop-api's dev env tracking `main`, and envs promoted from it, each
// with its own groups, record and per-slot alarms in one sandbox.
import type { ConfigInput } from "../../../functions/core/config.ts";
import type { SourceInput } from "../../../functions/core/env-source.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";

/** The sandbox's shop-api config as env `env`, with `source` (the `main` branch by default) and any overrides. */
export function envConfig(env: string, source: SourceInput = { repository: "shop-api", branch: "main" }, overrides: Partial<ConfigInput> = {}): ConfigInput {
  const base = sandboxConfigInput();
  if (base.traffic.kind === "alb") throw new Error("env-path scenarios give each env its own Route 53 record");
  return {
    ...base,
    env,
    source: source as ConfigInput["source"],
    fleet: { ...base.fleet, slots: { a: { group: `shop-api-${env}-a`, endpoint: "filled-in" }, b: { group: `shop-api-${env}-b`, endpoint: "filled-in" } } },
    traffic: { ...base.traffic, recordName: `api.${env}.shop.internal` },
    analysis: { ...base.analysis, alarms: [{ name: `shop-api-${env}-{slot}-error-rate`, missingData: "wait" }] },
    ...overrides,
  };
}

/** dev (tracks main) → staging (soak 1h) → prod (soak 2h). */
export const THREE_ENVS = {
  dev: envConfig("dev"),
  staging: envConfig("staging", { promotedFrom: "dev", soak: "1h" }),
  prod: envConfig("prod", { promotedFrom: "staging", soak: "2h" }),
};
