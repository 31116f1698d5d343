// `glidepath validate FILE… [-c FILE]…`: checks every config file given and lists every problem with its path.
import type { Command } from "commander";
import { summaryOf } from "../command-table.ts";
import { InputError, readConfigFile } from "../config-file.ts";
import { EXIT_BAD_INPUT, printJson, printLines, printProblem, runCommand, setExitCode } from "../output.ts";

type FileVerdict = { file: string; valid: true; app: string; env: string; strategy: string } | { file: string; valid: false; problems: string[] };

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
  $ glidepath validate -c config/shop-api.prod.json -c config/shop-api.staging.yaml

Every file is checked, even after an invalid one; the exit code is 2 if any is invalid.`,
    )
    .action((files: string[], options: { config: string[]; json?: boolean }) =>
      runCommand(async () => {
        const named = [...options.config, ...files];
        if (named.length === 0) throw new InputError("name a config file to check: glidepath validate FILE (or -c FILE)");
        const verdicts = await Promise.all(named.map(verdictOf));
        const valid = verdicts.every((verdict) => verdict.valid);
        if (options.json) printJson({ valid, files: verdicts });
        else
          for (const verdict of verdicts) {
            if (verdict.valid) printLines([`${verdict.file}: valid (${verdict.app}/${verdict.env}, strategy ${verdict.strategy})`]);
            else printProblem(`${verdict.file} is invalid:\n${verdict.problems.map((p) => `  - ${p}`).join("\n")}`);
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
  try {
    const config = await readConfigFile(file);
    return { file, valid: true, app: config.app, env: config.env, strategy: config.strategy.kind };
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems;
    if (problems) return { file, valid: false, problems };
    if (error instanceof InputError) return { file, valid: false, problems: [error.message] };
    throw error;
  }
}
