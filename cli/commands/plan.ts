// `glidepath plan --config FILE`: shows the steps a config's strategy compiles to, before anything runs.
import type { Command } from "commander";
import { compilePlan, describePlan } from "../../functions/core/plan.ts";
import { summaryOf } from "../command-table.ts";
import { readConfigFile } from "../config-file.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(summaryOf("plan"))
    .requiredOption("-c, --config <file>", "config file (JSON or YAML)")
    .option("--json", "print the plan as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath plan -c config/shop-api.prod.json
  $ glidepath plan -c config/shop-api.prod.json --json`,
    )
    .action((options: { config: string; json?: boolean }) =>
      runCommand(async () => {
        const config = await readConfigFile(options.config);
        const plan = compilePlan(config);
        if (options.json) return printJson({ app: config.app, env: config.env, plan });
        printLines([
          `${config.app}/${config.env}: ${plan.strategy} strategy`,
          ...describePlan(plan).map((line, i) => `  ${String(i + 1).padStart(2)}. ${line}`),
        ]);
      }),
    );
}
