// `glidepath history --app A --env E [--limit N]`: past deployments, newest first, with outcome and reason, and
// the pushes that failed before they became one (refused by Load config or Preflight, or stopped first).
import { InvalidArgumentError, type Command } from "commander";
import { historyView, type FailedPushEntry, type HistoryEntry } from "../../functions/operator/views.ts";
import { courseChangingSignal, describeControl } from "../../functions/core/control.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, viewPorts } from "../context.ts";
import { appEnvOptions, shortCommit, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

const MAX_LIMIT = 500;

export function registerHistory(program: Command): void {
  appEnvOptions(program.command("history").description(summaryOf("history")))
    .option("--limit <n>", `how many deployments, newest first (1–${MAX_LIMIT})`, limit, 20)
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath history --app shop-api --env prod
  $ glidepath history --app shop-api --env prod --limit 5 --json

--json prints {app, env, deployments: [{commit, outcome, reason, startedAt, endedAt, executionArn, configVersion,
strategy, group?, control?, requestedBy?}], failedPushes: [{commit, receivedAt, execution, reason}]}: group on
one group (fleet.group), the group it replaced the instances of; control when the circuit breaker, a newer push
or an operator stopped it, requestedBy when an operator started it (glidepath deploy or rollback); failedPushes
are pushes whose execution ended before it took the lease (an invalid config, a Preflight check such as an alarm
already in ALARM, a stop), so no deployment record exists and nothing changed.`,
    )
    .action((options: AppEnvOptions & { limit: number }) =>
      runCommand(async () => {
        const history = await historyView(viewPorts(operatorBackend()), options.app, options.env, options.limit);
        if (options.json) return printJson(history);
        if (history.deployments.length === 0 && history.failedPushes.length === 0) return printLines([`${options.app}/${options.env}: no deployment in the ledger yet`]);
        const entries = [
          ...history.deployments.map((entry) => ({ at: entry.startedAt, lines: describeEntry(entry) })),
          ...history.failedPushes.map((push) => ({ at: push.receivedAt, lines: describeFailedPush(push) })),
        ];
        entries.sort((x, y) => y.at.localeCompare(x.at));
        printLines([`${options.app}/${options.env}, newest first:`, ...entries.slice(0, options.limit).flatMap((entry) => entry.lines)]);
      }),
    );
}

function describeEntry(entry: HistoryEntry): string[] {
  const took = entry.endedAt ? ` in ${minutes(entry.startedAt, entry.endedAt)}` : "";
  const asked = entry.requestedBy ? ` (${entry.requestedBy.kind} by ${entry.requestedBy.by}: ${entry.requestedBy.reason})` : "";
  const from = entry.promotedFrom ? `\n      from ${entry.promotedFrom.env}'s ${entry.promotedFrom.deploymentId}, image ${entry.promotedFrom.imageId}` : "";
  const control = courseChangingSignal(entry.control);
  const stopped = control ? `\n      ${describeControl(control)}` : "";
  const on = entry.group ? ` on group ${entry.group}` : "";
  return [`  ${entry.startedAt.slice(0, 19)}Z  ${shortCommit(entry.commit)}  ${entry.outcome.padEnd(11)} config v${entry.configVersion}, ${entry.strategy}${on}${took}${asked}${from}${stopped}`, `      ${entry.reason ?? "(no reason recorded yet)"}`];
}

function describeFailedPush(push: FailedPushEntry): string[] {
  const execution = push.execution ? `, execution ${push.execution}` : "";
  return [`  ${push.receivedAt.slice(0, 19)}Z  ${shortCommit(push.commit)}  ${"failed".padEnd(11)} before taking the lease: no deployment started, nothing changed${execution}`, `      ${push.reason ?? "(no reason recorded)"}`];
}

function minutes(from: string, to: string): string {
  const seconds = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

function limit(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > MAX_LIMIT) throw new InvalidArgumentError(`"${value}" is not a whole number from 1 to ${MAX_LIMIT}`);
  return number;
}
