// `glidepath apps`: every configured app/env with its live release and the deployment in progress.
import type { Command } from "commander";
import { appsView } from "../../functions/operator/views.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, viewPorts } from "../context.ts";
import { localOption, shortCommit } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerApps(program: Command): void {
  localOption(program.command("apps").description(summaryOf("apps")))
    .option("--json", "print the machine-readable result")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath apps
  $ glidepath apps --json | jq '.apps[] | select(.deployment != null)'

--json prints {apps: [{app, env, live: {commit, slot, group, image} | null, deployment: null | {commit, executionArn,
status, startedAt}}]}.`,
    )
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const view = await appsView(viewPorts(operatorBackend()));
        if (options.json) return printJson(view);
        if (view.apps.length === 0) return printLines(["No app/env is configured (no config parameter under the stage's SSM prefix)."]);
        printLines(
          view.apps.map(({ app, env, live, deployment }) => {
            const liveText = live ? `live ${shortCommit(live.commit)} on ${live.group ? `group ${live.group}` : `slot ${live.slot}`} (${live.image ?? "image unknown"})` : "nothing live yet";
            const deploying = deployment ? `; deploying ${shortCommit(deployment.commit)} (${deployment.status}, since ${deployment.startedAt})` : "";
            return `${`${app}/${env}`.padEnd(28)} ${liveText}${deploying}`;
          }),
        );
      }),
    );
}
