// `glidepath validate FILE… [-c FILE]…`: checks every config file given with the rules a deploy applies to
// config/<app>.<env>.json (stacks/app-configs.ts) and lists every problem with its path.
import type { Command } from "commander";
import { parseConfig, type Config } from "../../functions/core/config.ts";
import { cycleProblem, promotionCycles } from "../../functions/core/env-path.ts";
import { driftLine, envDrift } from "../../functions/core/env-drift.ts";
import { configFileProblems } from "../../stacks/app-configs.ts";
import { summaryOf } from "../command-table.ts";
import { InputError, readDocumentAndText } from "../config-file.ts";
import { EXIT_BAD_INPUT, printJson, printLines, printProblem, runCommand, setExitCode } from "../output.ts";

type FileVerdict = { file: string; valid: true; app: string; env: string; strategy: string; config: Config } | { file: string; valid: false; problems: string[] };

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(summaryOf("validate"))
    .argument("[files...]", "config files")
    .option("-c, --config <file>", "config file (repeatable; the same as naming it as an argument)", collect, [])
    .option("--json", "print a JSON result: {valid, files: [{file, valid, app, env, strategy} | {file, valid: false, problems}]}")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath validate config/shop-api.prod.json
  $ glidepath validate config/*.json --json
  $ glidepath validate -c config/shop-api.prod.json -c config/shop-api.staging.json

Every file is checked, even after an invalid one, with the rules a deploy applies: JSON, named
<app>.<env>.json after the config's app and env, one file per app/env. A YAML file's problems are listed too,
after the one saying deploys read JSON (glidepath config put stores YAML as JSON). The exit code is 2 if any is
invalid.`,
    )
    .action((files: string[], options: { config: string[]; json?: boolean }) =>
      runCommand(async () => {
        const named = [...options.config, ...files];
        if (named.length === 0) throw new InputError("name a config file to check: glidepath validate FILE (or -c FILE)");
        const verdicts = withoutCycles(withoutDuplicates(await Promise.all(named.map(verdictOf))));
        const valid = verdicts.every((verdict) => verdict.valid);
        const warnings = driftWarnings(verdicts);
        if (options.json) printJson({ valid, files: verdicts.map((verdict) => (verdict.valid ? { ...verdict, config: undefined } : verdict)), ...(warnings.length > 0 ? { warnings } : {}) });
        else {
          for (const verdict of verdicts) {
            if (verdict.valid) printLines([`${verdict.file}: valid (${verdict.app}/${verdict.env}, strategy ${verdict.strategy})`]);
            else printProblem(`${verdict.file} is invalid:\n${verdict.problems.map((p) => `  - ${p}`).join("\n")}`);
          }
          if (warnings.length > 0) printProblem(`warning: the envs drift (glidepath envs diff lists the same):\n${warnings.map((w) => `  - ${w}`).join("\n")}`);
        }
        if (!valid) setExitCode(EXIT_BAD_INPUT);
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** One file's verdict; a file that cannot be read or parsed is invalid with that one problem. */
async function verdictOf(file: string): Promise<FileVerdict> {
  let source: { text: string; document: unknown };
  try {
    source = await readDocumentAndText(file);
  } catch (error) {
    if (error instanceof InputError) return { file, valid: false, problems: [error.message] };
    throw error;
  }
  const checked = configFileProblems({ path: file, text: source.text });
  if (checked.config && checked.problems.length === 0) return { file, valid: true, app: checked.config.app, env: checked.config.env, strategy: checked.config.strategy.kind, config: checked.config };
  if (checked.document !== undefined) return { file, valid: false, problems: checked.problems };
  // Not JSON, yet YAML: say why a deploy refuses it, then what else is wrong with the config it holds.
  const parsed = parseConfig(source.document);
  return { file, valid: false, problems: [`(file): a deploy reads JSON only, from config/<app>.<env>.json: ${checked.problems.join("; ")}`, ...(parsed.ok ? [] : parsed.problems)] };
}

/** Drift between the valid configs of each app given with two envs or more, as warnings (`<app>: path: …`). */
function driftWarnings(verdicts: FileVerdict[]): string[] {
  const byApp = new Map<string, Config[]>();
  for (const verdict of verdicts) if (verdict.valid) byApp.set(verdict.app, [...(byApp.get(verdict.app) ?? []), verdict.config]);
  return [...byApp.entries()].filter(([, configs]) => configs.length > 1).flatMap(([app, configs]) => envDrift(configs).map((drift) => `${app}: ${driftLine(drift)}`));
}

/** Configs of one app promoted from each other in a cycle are each invalid, the cycle named. */
function withoutCycles(verdicts: FileVerdict[]): FileVerdict[] {
  const cycles = promotionCycles(verdicts.flatMap((verdict) => (verdict.valid ? [verdict.config] : [])));
  return verdicts.map((verdict) => {
    const cycle = verdict.valid && cycles.find((c) => c.app === verdict.app && c.env === verdict.env);
    return cycle ? { file: verdict.file, valid: false, problems: [cycleProblem(cycle.cycle)] } : verdict;
  });
}

/** As a deploy refuses two files configuring one app/env: the later one is invalid, naming the earlier. */
function withoutDuplicates(verdicts: FileVerdict[]): FileVerdict[] {
  const seen = new Map<string, string>();
  return verdicts.map((verdict) => {
    if (!verdict.valid) return verdict;
    const key = `${verdict.app}/${verdict.env}`;
    const earlier = seen.get(key);
    if (earlier === undefined || earlier === verdict.file) {
      seen.set(key, verdict.file);
      return verdict;
    }
    return { file: verdict.file, valid: false, problems: [`(root): ${key} is already configured by ${earlier}`] };
  });
}
