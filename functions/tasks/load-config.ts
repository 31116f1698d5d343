// "Load config": reads the app/env config from SSM, validates it, compiles the plan.
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
    return {
      config,
      configVersion: version,
      plan,
      planLines: describePlan(plan),
      reason: `Loaded config version ${version}: ${config.strategy.kind} in ${plan.steps.length} steps`,
    };
  };
}

export const task = defineTask(makeLoadConfig, loadConfigInput);
