// `glidepath rollback --app A --env E [--to COMMIT]`: the previous release back, by a weight flip while its fleet is warm.
import type { Command } from "commander";
import { rollBack, type RollbackResult } from "../../functions/operator/rollback.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { appEnvOptions, shortCommit, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";
import { describeStarted } from "./deploy.ts";

export function registerRollback(program: Command): void {
  appEnvOptions(program.command("rollback").description(summaryOf("rollback")))
    .option("--to <commit>", "the release to go back to (default: the one live before the current one)")
    .option("--reason <text>", "why; recorded on the deployment", "no reason given")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath rollback --app shop-api --env prod --reason "checkout errors since 14:02"
  $ glidepath rollback --app shop-api --env prod --to 1a2b3c4d --json

While the promoted deployment still keeps the old fleet warm (scaleDownDelay), the previous release is made
live again and gets all traffic at once (a Route 53 weight change: resolvers follow within one TTL once it is
INSYNC); the new fleet is drained, then scaled down. Later, it deploys the previous release's image through the
whole pipeline, without a bake. The record names you (GLIDEPATH_OPERATOR, default your user name) and the reason.
--json prints {path: "weightFlip", commit, from, deploymentId, liveSlot, weights, changeId, ttlSeconds, control,
reason} or {path: "redeploy", from, commit, imageId, executionName, executionArn, requestedBy, drainPendingUntil, reason}.`,
    )
    .action((options: AppEnvOptions & { to?: string; reason: string }) =>
      runCommand(async () => {
        const backend = operatorBackend();
        const result = await rollBack(
          { ...backend.adapters, clock: backend.clock, sleep: (ms) => backend.sleep(ms) },
          { app: options.app, env: options.env, ...(options.to ? { to: options.to } : {}), by: operatorName(), reason: options.reason },
        );
        if (options.json) printJson(result);
        else printLines(describeRollback(result));
      }),
    );
}

function describeRollback(result: RollbackResult): string[] {
  if (result.path === "redeploy") return [`The fleet of ${shortCommit(result.from)}'s predecessor is no longer warm: deploying ${shortCommit(result.commit)} again.`, ...describeStarted(result)];
  return [
    `${result.reason}.`,
    `Route 53 change ${result.changeId ?? "(none needed)"}: resolvers send all traffic to slot ${result.liveSlot} once it is INSYNC and the ${result.ttlSeconds} s TTL has passed.`,
    `${result.deploymentId} drains the new fleet, then scales it down. Follow it with: glidepath status --app ${result.app} --env ${result.env}`,
  ];
}
