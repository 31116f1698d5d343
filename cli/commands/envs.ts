// `glidepath envs diff --app A [-c FILE]… [--json]`: drift between the envs of one app, read from SSM (or files).
import type { Command } from "commander";
import type { Config } from "../../functions/core/config.ts";
import { ALLOWED_TO_DIFFER, driftLine, envDrift } from "../../functions/core/env-drift.ts";
import { loadValidConfig } from "../../functions/events/safe-state.ts";
import { summaryOf } from "../command-table.ts";
import { InputError, readConfigFile } from "../config-file.ts";
import { operatorBackend } from "../context.ts";
import { localOption } from "../operator-options.ts";
import { EXIT_FAILED, printJson, printLines, runCommand, setExitCode } from "../output.ts";

interface DiffOptions {
  app: string;
  config: string[];
  json?: boolean;
}

export function registerEnvs(program: Command): void {
  const envs = program
    .command("envs")
    .description(summaryOf("envs"))
    .addHelpText("after", `\nExamples:\n  $ glidepath envs diff --app shop-api\n  $ glidepath envs diff --app shop-api -c config/shop-api.staging.json -c config/shop-api.prod.json`);
  localOption(envs.command("diff").description("list every difference between the app's env configs other than the keys meant to differ"))
    .requiredOption("--app <app>", "the app whose envs to compare")
    .option("-c, --config <file>", "compare these config files instead of SSM's (repeatable)", (value: string, previous: string[]) => [...previous, value], [])
    .option("--json", "print {app, envs, allowedToDiffer, drift: [{path, values: {<env>: value}}]}")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath envs diff --app shop-api
  $ glidepath envs diff --app shop-api -c config/shop-api.staging.json -c config/shop-api.prod.json --json

Compares the validated configs (defaults filled in, durations in seconds), with each env's own name in a value
read as {env}, so shop-api-staging-{slot}-5xx and shop-api-prod-{slot}-5xx are the same alarm. Keys meant to
differ are left out: ${ALLOWED_TO_DIFFER.join(", ")}. Exit 1 when the envs drift, 0 when they do not.`,
    )
    .action((options: DiffOptions) =>
      runCommand(async () => {
        const configs = options.config.length > 0 ? await fromFiles(options.app, options.config) : await fromSsm(options.app);
        if (configs.length < 2) throw new InputError(`${options.app} has ${configs.length === 0 ? "no env" : `one env (${configs[0]!.env})`}: drift needs two to compare`);
        const drift = envDrift(configs);
        const names = configs.map((config) => config.env);
        if (options.json) printJson({ app: options.app, envs: names, allowedToDiffer: ALLOWED_TO_DIFFER, drift });
        else printLines(drift.length === 0 ? [`${options.app}: ${names.join(", ")} do not drift (keys meant to differ left out)`] : [`${options.app}: ${names.join(", ")} drift in ${drift.length} place${drift.length === 1 ? "" : "s"}:`, ...drift.map((d) => `  ${driftLine(d)}`)]);
        if (drift.length > 0) setExitCode(EXIT_FAILED);
      }),
    );
}

async function fromFiles(app: string, files: string[]): Promise<Config[]> {
  const configs = await Promise.all(files.map(readConfigFile));
  const other = configs.find((config) => config.app !== app);
  if (other) throw new InputError(`${files[configs.indexOf(other)]} configures app ${other.app}, not ${app}`);
  return configs;
}

async function fromSsm(app: string): Promise<Config[]> {
  const { configStore } = operatorBackend({ stateMachine: "optional" }).adapters;
  const envs = (await configStore.list()).filter((entry) => entry.app === app);
  return Promise.all(envs.map(({ env }) => loadValidConfig(configStore, app, env)));
}
