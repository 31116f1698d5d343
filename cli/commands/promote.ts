// `glidepath promote --app APP --env ENV`: ends the bake (or approval) a deployment on AWS is waiting in now,
// as passed, so it moves on to its next step.
import type { Command } from "commander";
import { promoteWait, type WaitEnded } from "../../functions/operator/wait-control.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { printJson, printLines, runCommand } from "../output.ts";
import { localOption } from "../operator-options.ts";

interface PromoteOptions {
  app: string;
  env: string;
  execution?: string;
  reason?: string;
  full?: boolean;
  json?: boolean;
}

export function registerPromote(program: Command): void {
  localOption(program.command("promote").description(summaryOf("promote")))
    .requiredOption("--app <app>", "app of the deployment")
    .requiredOption("--env <env>", "environment of the deployment")
    .option("--execution <name>", "execution name or ARN (default: the app/env's deployment in progress)")
    .option("--full", "skip every remaining step: one shift to 100%, then the final bake")
    .option("--reason <text>", "why; recorded on the deployment")
    .option("--json", "print the machine-readable result")
    .addHelpText(
      "after",
      `
The wait ends as passed (SendTaskSuccess): the rest of the current bake is skipped, or an approval step is
approved, and the deployment goes on with its next step. Later steps and the final bake still run. With
--full the remaining steps are skipped too: one shift to 100%, then the final bake. The record names you
(GLIDEPATH_OPERATOR, default your user name) and the reason.

Examples:
  $ GLIDEPATH_TABLE=glidepath-prod AWS_REGION=eu-west-1 glidepath promote --app shop-api --env prod
  $ glidepath promote --app shop-api --env prod --reason "metrics look good after 2 of 10 minutes" --json
  $ glidepath promote --app shop-api --env prod --full --reason "hotfix, skip the canary"`,
    )
    .action((options: PromoteOptions) =>
      runCommand(async () => {
        // Ending a wait answers its task token: no state machine ARN needed, as for approve.
        const backend = operatorBackend({ stateMachine: "optional" });
        const ended = await promoteWait({ ...backend.adapters, clock: backend.clock }, {
          app: options.app,
          env: options.env,
          ...(options.execution ? { execution: options.execution } : {}),
          by: operatorName(),
          ...(options.full ? { full: true } : {}),
          reason: options.reason ?? "promoted with glidepath promote",
        });
        if (options.json) printJson(ended);
        else printLines([describe(ended)]);
      }),
    );
}

function describe(ended: WaitEnded): string {
  const what = ended.wait === "approval" ? "approval step" : ended.wait === "finalBake" ? "final bake" : "bake";
  const next = ended.full ? "It shifts to 100% and runs its final bake." : "It goes on with its next step.";
  return `Ended the ${what} of ${ended.deploymentId} (commit ${ended.commit.slice(0, 12)}) now: ${ended.reason}. ${next}`;
}

