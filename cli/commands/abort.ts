// `glidepath abort --app A --env E [--reason TEXT]`: stops the deployment in progress; traffic goes back to the live slot.
import type { Command } from "commander";
import { isFlagReleaseName } from "../../functions/flags/release-input.ts";
import { abortDeployment, type AbortResult } from "../../functions/operator/abort.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { appEnvOptions, shortCommit, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerAbort(program: Command): void {
  appEnvOptions(program.command("abort").description(summaryOf("abort")))
    .option("--reason <text>", "why; recorded on the deployment and in the stop's cause", "no reason given")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath abort --app shop-api --env prod --reason "wrong build: it still has the debug flag"
  $ glidepath abort --app shop-api --env prod --json

The execution is stopped (StopExecution, with a cause naming you and the reason). Cleanup then puts all traffic
back on the live slot and releases the lease; the reconciler drains the new fleet (Route 53 INSYNC, then one
TTL) before it scales it down. Follow it with glidepath status. GLIDEPATH_OPERATOR names you (default: your
user name). --json prints {app, env, deploymentId, commit, execution, control, liveSlot, drainingSlot, reason}.`,
    )
    .action((options: AppEnvOptions & { reason: string }) =>
      runCommand(async () => {
        const backend = operatorBackend();
        // A flag release in progress is an execution of the flag release state machine: stopped there.
        const executions = {
          stop: (name: string, cause: string) => (isFlagReleaseName(options.app, options.env, name) ? backend.flagReleases : backend.adapters.executions).stop(name, cause),
        };
        const result = await abortDeployment(
          { ledger: backend.adapters.ledger, executions, now: () => backend.clock.now() },
          { app: options.app, env: options.env, by: operatorName(), reason: options.reason },
        );
        if (options.json) printJson(result);
        else printLines(describeAbort(result));
      }),
    );
}

function describeAbort(result: AbortResult): string[] {
  return [
    `${result.execution === "stopped" ? "Stopped" : result.execution === "not_found" ? "No execution found for" : "Already ending:"} ${result.deploymentId} (${shortCommit(result.commit)}): ${result.reason}.`,
    `Cleanup puts all traffic back on slot ${result.liveSlot} and releases the lease; slot ${result.drainingSlot} is drained (INSYNC, then one TTL) before it is scaled down.`,
    `Follow it with: glidepath status --app ${result.app} --env ${result.env}`,
  ];
}
