// `glidepath deploy --app A --env E (--commit SHA | --image AMI) [--reason TEXT]`: a deployment by hand.
import { Option, type Command } from "commander";
import { redeploy, type RedeployStarted } from "../../functions/operator/redeploy.ts";
import { summaryOf } from "../command-table.ts";
import { InputError } from "../config-file.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { appEnvOptions, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerDeploy(program: Command): void {
  appEnvOptions(program.command("deploy").description(summaryOf("deploy")))
    .addOption(new Option("--commit <sha>", "a commit the app/env has deployed before (7 or more characters)").conflicts("image"))
    .addOption(new Option("--image <ami>", "an image Glidepath baked for the app/env").conflicts("commit"))
    .option("--reason <text>", "why; recorded on the deployment", "no reason given")
    .option("--override-freeze", "start it outside the env's deploy windows or in a freeze (an emergency; needs --reason, recorded)")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath deploy --app shop-api --env prod --commit 1a2b3c4d --reason "v2 again, the alarm was the database"
  $ glidepath deploy --app shop-api --env prod --image ami-0123456789abcdef0 --json

It runs the whole pipeline (lease, idle fleet, smoke test, the config's strategy, alarms) on the image baked for
that commit, without a new bake; a commit whose image is gone (image.keep) or never became available is baked
again. The record names you (GLIDEPATH_OPERATOR, default your user name) and the reason. Refused while another
deployment holds the lease, and outside the env's deploy windows or in a freeze unless --override-freeze (with
--reason; the record says so). When the slot it reuses may still get cached traffic (an abort moments ago), it says
until when: the deployment waits that long before replacing its instances. --json prints {app, env, commit,
imageId, executionName, executionArn, requestedBy, drainPendingUntil, reason}.`,
    )
    .action((options: AppEnvOptions & { commit?: string; image?: string; reason: string; overrideFreeze?: boolean }) =>
      runCommand(async () => {
        if (!options.commit && !options.image) throw new InputError("name what to deploy: --commit SHA (a commit deployed before) or --image AMI");
        requireOverrideReason(options);
        const backend = operatorBackend();
        const started = await redeploy(
          { ...backend.adapters, now: () => backend.clock.now() },
          { app: options.app, env: options.env, ...(options.commit ? { commit: options.commit } : {}), ...(options.image ? { image: options.image } : {}), kind: "redeploy", by: operatorName(), reason: options.reason, ...(options.overrideFreeze ? { overrideFreeze: true } : {}) },
        );
        if (options.json) printJson(started);
        else printLines(describeStarted(started));
      }),
    );
}

/** An override of the deploy gate is an emergency someone must explain: the default reason will not do. */
export function requireOverrideReason(options: { overrideFreeze?: boolean; reason: string }): void {
  if (options.overrideFreeze && options.reason === "no reason given") throw new InputError("--override-freeze needs --reason: say why this cannot wait for the deploy window (it is recorded)");
}

export function describeStarted(started: RedeployStarted): string[] {
  return [`${started.reason}.`, `Execution: ${started.executionArn}`, `Follow it with: glidepath status --app ${started.app} --env ${started.env} --watch`];
}
