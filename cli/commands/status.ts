// `glidepath status --app A --env E [--watch]`: the live release and the deployment in progress; with --watch,
// redrawn until that deployment ends (exit 0 when it promoted, 1 otherwise).
import type { Command } from "commander";
import { statusView, type StatusView } from "../../functions/operator/views.ts";
import { summaryOf } from "../command-table.ts";
import { operatorBackend, viewPorts } from "../context.ts";
import type { OperatorBackend } from "../operator-backend.ts";
import { appEnvOptions, clockAndDistance, shortCommit, type AppEnvOptions } from "../operator-options.ts";
import { cliIo, EXIT_FAILED, printJson, printLines, runCommand, setExitCode } from "../output.ts";

/** How often --watch reads the ledger, Route 53 and CloudWatch again (each read is a handful of API calls). */
const WATCH_EVERY_MS = 5_000;

export function registerStatus(program: Command): void {
  appEnvOptions(program.command("status").description(summaryOf("status")))
    .option("--watch", "redraw until the deployment in progress ends; exit 0 if it promoted, 1 otherwise")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath status --app shop-api --env prod
  $ glidepath status --app shop-api --env prod --watch          a progress bar on a terminal, a line per change otherwise
  $ glidepath status --app shop-api --env prod --json | jq .deployment.step

--json prints {app, env, live: {commit, slot, group, image} | null, deployment: null | {commit, executionArn, status,
step: {index, count, kind}, weights: {a, b}, instances: {onNew, inService, percent} | null (one group: its
InService instances on the new version and in all; null on two slots), startedAt, state, waitEndsAt, alarms, toSlot,
group}} (group: one group's name, null on two slots, where slot and toSlot say where it runs), and for an env
promoted from another, promotion: {from, state, reason, commit, imageId, dueAt}; with windows or freeze
configured, gate: {open, reason, opensAt}; a push waiting to start, waiting: {commit, reason, notBefore}; with
--watch, one such document per line, each time something changes.`,
    )
    .action((options: AppEnvOptions & { watch?: boolean }) =>
      runCommand(async () => {
        const backend = operatorBackend();
        const read = () => statusView(viewPorts(backend), options.app, options.env);
        const view = await read();
        if (!options.watch) return show(view, backend.clock.now(), options.json);
        await watch(backend, view, read, options.json === true);
      }),
    );
}

function show(view: StatusView, now: number, json: boolean | undefined): void {
  if (json) printJson(view);
  else printLines(describeStatus(view, now));
}

/**
 * Redraws while the deployment seen first runs. On a terminal one line is rewritten in place (a progress bar);
 * otherwise, as in a CI log, a line is printed only when something changed.
 */
async function watch(backend: OperatorBackend, first: StatusView, read: () => Promise<StatusView>, json: boolean): Promise<void> {
  const io = cliIo();
  const watched = first.deployment;
  if (!watched) {
    show(first, backend.clock.now(), json);
    return;
  }
  const tty = io.stdout.isTTY === true && !json;
  let stopped = false;
  // Ctrl-C ends the wait at once: the watch then says where the deployment stands and exits 1.
  const interrupted = io.interrupted().then(() => void (stopped = true));
  let previous = "";
  for (let view = first; ; view = await read()) {
    const current = view.deployment?.deploymentId === watched.deploymentId ? view.deployment : null;
    const line = json ? JSON.stringify(view) : current ? watchLine(view, backend.clock.now()) : "";
    const key = json ? line : current ? `${current.state}|${shareText(current)}|${current.alarms.map((a) => a.state).join()}` : "";
    if (current && key !== previous) io.stdout.write(tty ? `\r\u001b[K${line}` : `${line}\n`);
    previous = key;
    if (!current || stopped) break;
    await Promise.race([backend.sleep(WATCH_EVERY_MS), interrupted]);
  }
  if (tty) io.stdout.write("\n");
  const ended = await backend.adapters.ledger.getDeployment(first.app, first.env, watched.deploymentId);
  const outcome = ended?.outcome ?? "in_progress";
  const summary = `${shortCommit(watched.commit)}: ${stopped ? `still ${outcome} (watch stopped)` : outcome}${ended?.reason ? ` — ${ended.reason}` : ""}`;
  if (json) printJson({ ...(await read()), ended: { commit: watched.commit, outcome, reason: ended?.reason ?? null } });
  else printLines([summary]);
  if (outcome !== "promoted") setExitCode(EXIT_FAILED);
}

function watchLine(view: StatusView, now: number): string {
  const d = view.deployment!;
  const width = 20;
  const filled = d.step.count === 0 ? 0 : Math.round((d.step.index / d.step.count) * width);
  const wait = d.waitEndsAt ? `, until ${clockAndDistance(d.waitEndsAt, now)}` : "";
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] step ${d.step.index}/${d.step.count} ${d.state} (${shareText(d)}${wait})`;
}

/** What moves: the slots' traffic shares, or on one group the new version's share of its InService instances. */
function shareText(d: NonNullable<StatusView["deployment"]>): string {
  return d.instances ? `new ${d.instances.onNew}/${d.instances.inService} InService, ${d.instances.percent}%` : `a=${d.weights.a}% b=${d.weights.b}%`;
}

export function describeStatus(view: StatusView, now: number): string[] {
  const lines = [`${view.app}/${view.env}`];
  lines.push(
    view.live
      ? `  live:       ${shortCommit(view.live.commit)} on ${view.live.group ? `group ${view.live.group}` : `slot ${view.live.slot}`} (image ${view.live.image ?? "unknown"})`
      : "  live:       nothing yet (no deployment has promoted)",
  );
  // An env promoted from another says where the upstream's release stands (soaking until…, blocked because…).
  if (view.promotion) lines.push(`  promotion:  from ${view.promotion.from}, ${view.promotion.state}: ${view.promotion.reason}`);
  if (view.gate) lines.push(`  deploys:    ${view.gate.open ? "open (inside the deploy windows, no freeze)" : `held: ${view.gate.reason}`}`);
  if (view.waiting) lines.push(`  waiting:    ${shortCommit(view.waiting.commit)}: ${view.waiting.reason}`);
  const d = view.deployment;
  if (!d) return [...lines, "  deploying:  nothing"];
  return [
    ...lines,
    d.strategy.startsWith("flagRelease ")
      ? `  releasing:  flag ${d.strategy.slice("flagRelease ".length)} on the live release (${shortCommit(d.commit)}, slot ${d.toSlot}), in progress since ${d.startedAt}`
      : `  deploying:  ${shortCommit(d.commit)} to ${d.group ? `group ${d.group}` : `slot ${d.toSlot}`}, ${d.status === "promoted" ? "promoted, old fleet kept warm" : "in progress"} since ${d.startedAt}`,
    `  step:       ${d.step.index} of ${d.step.count} (${d.step.kind}): ${d.state}`,
    d.instances
      ? `  instances:  ${d.instances.onNew} of ${d.instances.inService} InService run the new version (${d.instances.percent}%)`
      : `  traffic:    a ${d.weights.a}%, b ${d.weights.b}%`,
    ...(d.waitEndsAt ? [`  wait ends:  ${clockAndDistance(d.waitEndsAt, now)}`] : []),
    `  alarms:     ${d.alarms.length === 0 ? "none configured" : d.alarms.map((alarm) => `${alarm.name} ${alarm.state}`).join(", ")}`,
    `  execution:  ${d.executionArn}`,
  ];
}
