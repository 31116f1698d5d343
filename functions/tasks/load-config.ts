// "Load config": reads the app/env config from SSM, validates it, compiles the plan, and labels the version it
// loaded `deployed-<commit>` so the config's history shows which versions went out.
import * as z from "../core/zod-mini.ts";
import { parseConfig, type Config } from "../core/config.ts";
import type { Plan } from "../core/model.ts";
import { compilePlan, describePlan } from "../core/plan.ts";
import { ConfigInvalidError } from "../errors.ts";
import { defineTask, type TaskDeps } from "../task-support/deps.ts";

export const loadConfigInput = z.object({
  app: z.string().check(z.minLength(1)),
  env: z.string().check(z.minLength(1)),
  commit: z.string().check(z.minLength(1)),
  /** Pins a config version (a re-run of an old deployment); the latest otherwise. */
  configVersion: z.optional(z.number().check(z.int(), z.gt(0))),
});
export type LoadConfigInput = z.output<typeof loadConfigInput>;
export interface LoadConfigOutput {
  config: Config;
  configVersion: number;
  plan: Plan;
  planLines: string[];
  reason: string;
}

export function makeLoadConfig({ adapters }: TaskDeps) {
  return async function loadConfig(input: LoadConfigInput): Promise<LoadConfigOutput> {
    const { document, version } = await adapters.configStore.load(input.app, input.env, input.configVersion);
    const parsed = parseConfig(document);
    if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, `config ${input.app}/${input.env} version ${version}`);
    const { config } = parsed;
    if (config.app !== input.app || config.env !== input.env)
      throw new ConfigInvalidError([`app/env: the document says ${config.app}/${config.env}`], `config ${input.app}/${input.env} version ${version}`);
    const plan = compilePlan(config);
    // Only a valid config is labelled. Labelling again on a retry moves nothing; a refused label (10 per
    // version) is bookkeeping, not a reason to stop: the ledger records the version either way.
    const label = deployedLabel(input.commit);
    const { refused } = await adapters.configStore.label(input.app, input.env, version, label);
    return {
      config,
      configVersion: version,
      plan,
      planLines: describePlan(plan),
      reason: `Loaded config version ${version}: ${config.strategy.kind} in ${plan.steps.length} steps${refused ? `; not labelled ${label}: ${refused}` : `, labelled ${label}`}`,
    };
  };
}

/**
 * The SSM label naming the commit a deployment loaded a config version for. Example: `deployedLabel("1a2b3c4d5e6f7a8b")`
 * → `"deployed-1a2b3c4d5e6f"`. Characters SSM labels cannot hold become `_`.
 */
export function deployedLabel(commit: string): string {
  return `deployed-${commit.slice(0, 12).replace(/[^a-zA-Z0-9._-]/g, "_")}`;
}

export const task = defineTask(makeLoadConfig, loadConfigInput);
