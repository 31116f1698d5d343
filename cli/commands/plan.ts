// `glidepath plan --config FILE`: shows the steps a config's strategy compiles to, before anything runs, with
// what each costs: expected duration, Step Functions state transitions, Lambda invocations and their price.
import type { Command } from "commander";
import { formatDuration } from "../../functions/core/duration.ts";
import { estimatePlan, type Estimate, type StepEstimate } from "../../functions/core/plan-cost.ts";
import { describeFleetChange } from "../../functions/core/group-plan.ts";
import { compilePlan } from "../../functions/core/plan.ts";
import { summaryOf } from "../command-table.ts";
import { readConfigFile } from "../config-file.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(summaryOf("plan"))
    .requiredOption("-c, --config <file>", "config file (JSON or YAML)")
    .option("--json", "print the plan and its estimate as JSON")
    .addHelpText(
      "after",
      `
Durations of the image bake, the fleet start and Route 53 sync are typical ones; an approval counts its
timeout. Costs are Step Functions transitions ($0.025 per 1,000) plus Lambda requests and duration.

Examples:
  $ glidepath plan -c config/shop-api.prod.json
  $ glidepath plan -c config/shop-api.prod.json --json`,
    )
    .action((options: { config: string; json?: boolean }) =>
      runCommand(async () => {
        const config = await readConfigFile(options.config);
        const plan = compilePlan(config);
        const { steps, total } = estimatePlan(config, plan);
        if (options.json) return printJson({ app: config.app, env: config.env, plan, estimate: total, steps });
        const width = Math.max(...steps.map((row) => row.label.length));
        printLines([
          `${config.app}/${config.env}: ${plan.strategy} strategy`,
          ...(plan.fleetChange ? [describeFleetChange(plan.fleetChange)] : []),
          `      ${"step".padEnd(width)}  ${COLUMNS}`,
          ...steps.map((row, i) => `  ${String(i + 1).padStart(2)}. ${row.label.padEnd(width)}  ${columns(row)}`),
          `      ${"total".padEnd(width)}  ${columns(total)}`,
        ]);
      }),
    );
}

const COLUMNS = `${"duration".padStart(9)} ${"transitions".padStart(11)} ${"lambdas".padStart(7)} ${"cost".padStart(9)}`;

function columns(row: Estimate | StepEstimate): string {
  return `${formatDuration(row.durationSeconds).padStart(9)} ${String(row.transitions).padStart(11)} ${String(row.lambdaInvocations).padStart(7)} ${`$${row.costUsd.toFixed(4)}`.padStart(9)}`;
}
