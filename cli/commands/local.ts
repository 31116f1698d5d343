// `glidepath local run --scenario FILE` and `glidepath local watch --repo PATH`: the sandbox from the shell.
import { resolve } from "node:path";
import type { Command } from "commander";
import { ConfigInvalidError } from "../../functions/errors.ts";
import { colourWanted, formatEvent } from "../../local/report/live.ts";
import { writeReport } from "../../local/report/html.ts";
import { runScenario, type ScenarioResult } from "../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../local/scenario/schema.ts";
import { watchLocalRepository } from "../../local/watch-sandbox.ts";
import { isRepository } from "../../local/git.ts";
import { summaryOf } from "../command-table.ts";
import { InputError, readDocument } from "../config-file.ts";
import { MAX_SPEED, speed } from "./demo.ts";
import { registerLocalUp } from "./local-up.ts";
import { cliIo, EXIT_FAILED, printJson, printLines, printProblem, runCommand, setExitCode } from "../output.ts";

export function registerLocal(program: Command): void {
  const local = program
    .command("local")
    .description(summaryOf("local"))
    .addHelpText("after", "\nExamples:\n  $ glidepath local run -s scenarios/bad-canary.yaml\n  $ glidepath local watch -r ../shop-api\n  $ glidepath local up -r ../shop-api");
  registerLocalUp(local);

  local
    .command("run")
    .description("run a scenario file (JSON or YAML): releases, their behaviour, faults, seed")
    .requiredOption("-s, --scenario <file>", "scenario file")
    .option("--json", "print the machine-readable result")
    .option("--report-dir <dir>", "also write an HTML report there")
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath local run -s scenarios/bad-canary.yaml
  $ glidepath local run -s scenarios/bad-canary.yaml --json --report-dir reports`,
    )
    .action((options: { scenario: string; json?: boolean; reportDir?: string }) =>
      runCommand(async () => {
        const parsed = parseScenario(await readDocument(options.scenario));
        if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, options.scenario);
        const colour = colourWanted(cliIo().stdout, cliIo().env);
        const result = await runScenario(parsed.scenario, {
          ...(options.json ? {} : { onEvent: (event) => printLines([formatEvent(event, 0, { colour }).replace(/^\S+/, clockOf(event.t))]) }),
        });
        const report = options.reportDir ? await writeReport(result.timeline, resolve(options.reportDir)) : undefined;
        if (options.json) printJson(jsonOf(result, report));
        else printLines(describe(result, report));
        const broken = [...new Set(result.invariants.violations.map((violation) => violation.invariant))];
        // Exit 1, not 2: the scenario was valid; the pipeline broke a promise while running it.
        if (broken.length > 0) {
          printProblem(`invariants violated: ${broken.join(", ")} (${result.invariants.violations.length} violation${result.invariants.violations.length === 1 ? "" : "s"})`);
          setExitCode(EXIT_FAILED);
        }
      }),
    );

  local
    .command("watch")
    .description("deploy every new commit on a branch of a local git repository, as a push does on AWS")
    .requiredOption("-r, --repo <path>", "git repository (its folder name is the repository name configs match)")
    .option("-b, --branch <name>", "branch to watch", "main")
    .option("-c, --config <file>", "Glidepath config for the app (the sandbox's shop-api config by default)")
    .option("--speed <n>", `virtual time runs this many times faster than real time (at most ${MAX_SPEED})`, speed, 60)
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath local watch -r ../shop-api               then commit to its main branch to deploy
  $ glidepath local watch -r ../shop-api -b release -c config/shop-api.prod.json --speed 120`,
    )
    .action((options: { repo: string; branch: string; config?: string; speed: number }) =>
      runCommand(async () => {
        if (!(await isRepository(options.repo))) throw new InputError(`${resolve(options.repo)} is not a git repository (--repo)`);
        const config = options.config ? await readDocument(options.config) : undefined;
        const colour = colourWanted(cliIo().stdout, cliIo().env);
        const watching = await watchLocalRepository({
          repo: options.repo,
          branch: options.branch,
          speed: options.speed,
          ...(config ? { config } : {}),
          write: (line) => printLines([line]),
          colour,
        });
        printLines([`Watching ${options.branch} of ${resolve(options.repo)}; commit to deploy, Ctrl-C to stop.`]);
        await cliIo().interrupted();
        await watching.stop();
      }),
    );
}

const clockOf = (t: number) => `[${new Date(t).toISOString().slice(11, 19)}]`;

/**
 * The documented `--json` shape: deployments with outcome, reason, live slot, weights, steps, any control
 * signal and what their execution cost (`stats`); the live commit; the invariants checked; the lifecycle events
 * Glidepath published (`events`: {at, detailType, release, detail}, README "Lifecycle events").
 */
function jsonOf(result: ScenarioResult, report: string | undefined) {
  return {
    scenario: result.scenario,
    seed: result.seed,
    deployments: result.deployments.map(({ commit, outcome, reason, liveSlot, weights, steps, control, stats }) => ({
      commit,
      outcome,
      reason,
      liveSlot,
      weights,
      steps,
      ...(control ? { control } : {}),
      ...(stats ? { stats } : {}),
    })),
    liveCommit: result.liveCommit,
    virtualSeconds: result.virtualSeconds,
    invariants: result.invariants,
    events: result.events,
    ...(report ? { report } : {}),
  };
}

function describe(result: ScenarioResult, report: string | undefined): string[] {
  return [
    "",
    `Scenario ${result.scenario} (seed ${result.seed}), ${Math.round(result.virtualSeconds / 60)} virtual minutes`,
    ...result.deployments.map((d) => `  ${d.commit.padEnd(12)} ${d.outcome.padEnd(12)} live slot ${d.liveSlot} (a=${d.weights.a} b=${d.weights.b})  ${d.reason}`),
    `  live commit: ${result.liveCommit ?? "none"}`,
    `  invariants: ${result.invariants.checked} checks, ${result.invariants.violations.length === 0 ? "no violation" : `${result.invariants.violations.length} violated`}`,
    ...result.invariants.violations.map((v) => `    ${v.invariant} at ${v.at}${v.until ? `–${v.until}` : ""}: ${v.detail}`),
    ...(report ? [`  report: ${report}`] : []),
  ];
}
