// `glidepath flag rollout NAME --app A --env E [--to 100] [--steps 5,25,50,100] [--bake 10m]`: starts a flag release,
// the flag's percentage raised step by step by its own state machine (stacks/definition/flag-release.ts), each
// step baked under the env's alarms, reverted to the document it started from when one fires.
import { InvalidArgumentError, type Command } from "commander";
import { formatDuration, parseDuration } from "../../functions/core/duration.ts";
import { ConfigInvalidError, FlagReleaseRefusedError } from "../../functions/errors.ts";
import { flagReleaseName, type FlagReleaseInput } from "../../functions/flags/release-input.ts";
import { flagReleasePlan } from "../../functions/flags/release-plan.ts";
import { InputError } from "../config-file.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { appEnvOptions, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

const DEFAULT_STEPS = [5, 25, 50, 100];

interface RolloutOptions extends AppEnvOptions {
  to?: number;
  steps?: number[];
  bake: number;
  reason?: string;
}

export function registerFlagRollout(flag: Command): void {
  appEnvOptions(flag.command("rollout").argument("<name>", "the flag (it must exist: create it dark with `flag set NAME --off`)").description("release a flag step by step under the env's alarms; an alarm reverts it"))
    .option("--to <p>", "the percentage to end at (default: the last step, else 100)", percent)
    .option("--steps <list>", `the percentages to pass through, comma-separated (default ${DEFAULT_STEPS.join(",")} up to --to)`, percents)
    .option("--bake <duration>", "how long each step bakes under the env's alarms", duration, 600)
    .option("--reason <text>", "why, kept on the release's record")
    .addHelpText(
      "after",
      `
A flag release runs like a deployment's rollout: it takes the app/env's lease (a deployment waits for it, and it
refuses to start while one runs), sets the flag's percentage, bakes under the env's alarms (the live slot's and the
app's), and goes on. The circuit breaker ends a bake the moment a watched alarm fires, and the flag document the
release started from is put back as the next version; the reason names the alarm. The live release is not
touched. \`glidepath status\` and \`history\` show it like a deployment; \`abort\` stops it where it is.

Examples:
  $ glidepath flag rollout new-checkout --app shop-api --env prod --to 100 --steps 5,25,50,100 --bake 10m
  $ glidepath flag rollout new-checkout --app shop-api --env prod --to 25 --bake 30m --reason "first customers"

--json prints {app, env, flag, execution, executionArn, steps, bakeSeconds, revertTo}.`,
    )
    .action((name: string, options: RolloutOptions) =>
      runCommand(async () => {
        const backend = operatorBackend({ stateMachine: "optional" });
        const steps = stepsOf(options);
        const stored = await backend.flags.latest(options.app, options.env);
        const current = stored?.document.flags[name];
        if (!stored || !current) throw new InputError(`${options.app}/${options.env} has no flag ${name}: create it first, shipped dark (glidepath flag set ${name} --off)`);
        // Checked here to refuse bad input at once; the release's first Task checks again with the lease held.
        const plan = flagReleasePlan({ flag: name, steps, bakeSeconds: options.bake }, current);
        if (!plan.ok) throw new ConfigInvalidError(plan.problems, `flag rollout ${name}`);
        // Said at once rather than by a failed execution; the release's first Task checks both again with the lease.
        const [live, holder] = await Promise.all([backend.adapters.ledger.getLive(options.app, options.env), backend.adapters.lease.current(options.app, options.env)]);
        if (!live?.commit) throw new FlagReleaseRefusedError(`${options.app}/${options.env} has no live release: a flag is released on top of one`);
        if (holder) throw new FlagReleaseRefusedError(`${options.app}/${options.env} is busy: ${holder.owner} holds its lease; release the flag once it has ended`);
        const execution = flagReleaseName(options.app, options.env, name, backend.clock.now());
        const input: FlagReleaseInput = { app: options.app, env: options.env, flagRelease: { flag: name, steps, bakeSeconds: options.bake, by: operatorName(), reason: options.reason ?? "" } };
        const started = await backend.flagReleases.start({ name: execution, input });
        if (options.json) return printJson({ app: options.app, env: options.env, flag: name, execution, executionArn: started.executionArn, steps, bakeSeconds: options.bake, revertTo: stored.version });
        printLines([
          `${options.app}/${options.env}: releasing ${name} from ${plan.from}%: ${steps.map((p) => `${p}%`).join(" → ")}, baking ${formatDuration(options.bake)} under the env's alarms after each`,
          `  an alarm reverts it to flags version ${stored.version}; follow it with glidepath status --app ${options.app} --env ${options.env}`,
          `  execution ${started.executionArn}`,
        ]);
      }),
    );
}

function stepsOf({ to, steps }: RolloutOptions): number[] {
  if (steps) {
    if (to !== undefined && steps.at(-1) !== to) throw new InputError(`--steps ends at ${steps.at(-1)}%, --to says ${to}%: the last step is where the release ends`);
    return steps;
  }
  const target = to ?? 100;
  return [...DEFAULT_STEPS.filter((step) => step < target), target];
}

function percent(value: string): number {
  const number = Number(value.replace(/%$/, ""));
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0 || number > 100) throw new InvalidArgumentError(`"${value}" is not a percentage above 0 and at most 100`);
  return number;
}

function percents(value: string): number[] {
  return value.split(",").map((item) => percent(item.trim()));
}

function duration(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new InvalidArgumentError(`"${value}" is not a duration (use e.g. 30s, 10m, 1h)`);
  return seconds;
}
