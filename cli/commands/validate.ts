// `glidepath validate --config FILE`: checks a config file and lists every problem with its path.
import type { Command } from "commander";
import { readConfigFile } from "../config-file.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a config file (JSON or YAML) and list every problem with its path")
    .requiredOption("-c, --config <file>", "config file")
    .option("--json", "print a JSON result")
    .action((options: { config: string; json?: boolean }) =>
      runCommand(async () => {
        try {
          const config = await readConfigFile(options.config);
          if (options.json) printJson({ valid: true, app: config.app, env: config.env });
          else printLines([`${options.config}: valid (${config.app}/${config.env}, strategy ${config.strategy.kind})`]);
        } catch (error) {
          const problems = (error as { problems?: string[] }).problems;
          if (options.json && problems) {
            printJson({ valid: false, problems });
            process.exitCode = 2;
            return;
          }
          throw error;
        }
      }),
    );
}
