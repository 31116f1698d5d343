// `glidepath promote-env --app A --from staging --to prod [--commit C] [--reason TEXT]`: a promotion by hand.
import type { Command } from "commander";
import type { PromotionStarted } from "../../functions/events/promotion.ts";
import { promoteEnv } from "../../functions/operator/promote-env.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { localOption } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";
import { requireOverrideReason } from "./deploy.ts";

interface PromoteEnvOptions {
  app: string;
  from: string;
  to: string;
  commit?: string;
  reason: string;
  overrideFreeze?: boolean;
  json?: boolean;
}

export function registerPromoteEnv(program: Command): void {
  localOption(program.command("promote-env").description(summaryOf("promote-env")))
    .requiredOption("--app <app>", "the app (its configs' `app`)")
    .requiredOption("--from <env>", "the upstream env (the downstream config's source.promotedFrom)")
    .requiredOption("--to <env>", "the env to deploy the release to")
    .option("--commit <sha>", "a release the upstream env promoted (7 or more characters); default: its live release")
    .option("--reason <text>", "why; recorded on the deployment", "no reason given")
    .option("--override-freeze", "start it outside the env's deploy windows or in a freeze (an emergency; needs --reason, recorded)")
    .option("--json", "print the machine-readable result")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath promote-env --app shop-api --from staging --to prod --reason "hotfix, no time to soak"
  $ glidepath promote-env --app shop-api --from staging --to prod --commit 1a2b3c4d --json

It starts now what the reconciler starts by itself once the release has soaked upstream (source.soak) and
been approved (source.approval): the downstream env's whole pipeline (lease, idle fleet, smoke test, its own
strategy, alarms) on the image the upstream env deployed, without a bake. It also sends a release again
whose downstream promotion failed (an automatic one is then blocked). Refused (exit 2) when the commit is not
one the upstream env promoted, its image is gone, or the env is not promoted from --from; refused (exit 1)
while a deployment holds the downstream env's lease, or outside its deploy windows or in a freeze unless
--override-freeze (with --reason; the record says so). --json prints {app, env, commit, imageId, promotedFrom:
{env, deploymentId, commit, imageId}, executionName, executionArn, requestedBy, reason}.`,
    )
    .action((options: PromoteEnvOptions) =>
      runCommand(async () => {
        requireOverrideReason(options);
        const backend = operatorBackend();
        const started = await promoteEnv(
          { ...backend.adapters, clock: backend.clock },
          { app: options.app, from: options.from, to: options.to, ...(options.commit ? { commit: options.commit } : {}), by: operatorName(), reason: options.reason, ...(options.overrideFreeze ? { overrideFreeze: true } : {}) },
        );
        if (options.json) printJson(started);
        else printLines(describePromotion(started));
      }),
    );
}

export function describePromotion(started: PromotionStarted): string[] {
  return [`${started.reason}.`, `Execution: ${started.executionArn}`, `Follow it with: glidepath status --app ${started.app} --env ${started.env} --watch`];
}
