// `glidepath flag list|get|set|kill --app A --env E`: an app/env's feature flags in SSM (`/glidepath/<app>/<env>/flags`),
// every change a new version whose note says who changed what. Deploy is not release: code ships dark, and its
// flag turns it on step by step (`flag rollout`) or off at once (`flag kill`).
import { InvalidArgumentError, Option, type Command } from "commander";
import { changeLine, killFlag, setFlag, type FlagChange, type FlagChangeResult } from "../../functions/flags/changes.ts";
import { describeFlag, type Flag, type FlagDocument } from "../../functions/flags/document.ts";
import type { StoredFlags } from "../../functions/flags/flag-store.ts";
import { ConfigInvalidError } from "../../functions/errors.ts";
import { flagReleaseStrategy } from "../../functions/flags/release-plan.ts";
import { abortDeployment } from "../../functions/operator/abort.ts";
import { summaryOf } from "../command-table.ts";
import { registerFlagRollout } from "./flag-rollout.ts";
import { InputError } from "../config-file.ts";
import { operatorBackend, operatorName } from "../context.ts";
import { appEnvOptions, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerFlag(program: Command): void {
  const flag = program
    .command("flag")
    .description(summaryOf("flag"))
    .addHelpText(
      "after",
      `
Flags live in SSM Parameter Store (GLIDEPATH_CONFIG_PREFIX, default /glidepath, then /<app>/<env>/flags), one JSON
document per app/env; every change is a new version. A flag is on, off, or on for a percentage of a stable key
(--by, default userId), with optional allow/deny lists of that key's values. Services read it with the
glidepath/flags client.

Examples:
  $ glidepath flag set new-checkout --app shop-api --env prod --off --description "checkout v2, shipped dark"
  $ glidepath flag set new-checkout --app shop-api --env prod --allow qa-1,qa-2
  $ glidepath flag list --app shop-api --env prod
  $ glidepath flag rollout new-checkout --app shop-api --env prod --to 100 --steps 5,25,50,100 --bake 10m
  $ glidepath flag kill new-checkout --app shop-api --env prod --reason "checkout errors"`,
    );

  appEnvOptions(flag.command("list").description("every flag of the app/env and its state"))
    .addHelpText("after", `\nExamples:\n  $ glidepath flag list --app shop-api --env prod\n  $ glidepath flag list --app shop-api --env prod --json\n\n--json prints {app, env, version, flags: {<name>: <flag>}}; version is null when there is no document yet.`)
    .action((options: AppEnvOptions) =>
      runCommand(async () => {
        const stored = await operatorBackend({ stateMachine: "optional" }).flags.latest(options.app, options.env);
        const flags = stored?.document.flags ?? {};
        if (options.json) return printJson({ app: options.app, env: options.env, version: stored?.version ?? null, flags });
        if (!stored) return printLines([`${options.app}/${options.env} has no flags yet (glidepath flag set NAME … creates the document)`]);
        const names = Object.keys(flags).sort();
        printLines([
          `${options.app}/${options.env} flags, version ${stored.version}:`,
          ...(names.length ? names.map((name) => `  ${name.padEnd(24)} ${describeFlag(flags[name]!)}${flags[name]!.description ? `  — ${flags[name]!.description}` : ""}`) : ["  (none)"]),
        ]);
      }),
    );

  appEnvOptions(flag.command("get").argument("<name>", "the flag").description("one flag as stored (the latest version by default)"))
    .option("--version <n>", "the flag document version to read", version)
    .addHelpText("after", `\nExamples:\n  $ glidepath flag get new-checkout --app shop-api --env prod\n  $ glidepath flag get new-checkout --app shop-api --env prod --version 3 --json\n\n--json prints {app, env, version, name, flag}.`)
    .action((name: string, options: AppEnvOptions & { version?: number }) =>
      runCommand(async () => {
        const { flags } = operatorBackend({ stateMachine: "optional" });
        const stored = options.version === undefined ? await flags.latest(options.app, options.env) : await flags.at(options.app, options.env, options.version);
        const found = flagNamed(stored, name, options);
        if (options.json) return printJson({ app: options.app, env: options.env, version: stored!.version, name, flag: found });
        printLines([`${name} (${options.app}/${options.env} flags, version ${stored!.version}): ${describeFlag(found)}`, ...details(found)]);
      }),
    );

  appEnvOptions(flag.command("set").argument("<name>", "the flag (created if new)").description("create or change a flag: on, off or a percentage, its key and its allow/deny lists"))
    .addOption(new Option("--on", "on for everyone").conflicts(["off", "percent"]))
    .addOption(new Option("--off", "off for everyone (the allow list still gets it)").conflicts(["on", "percent"]))
    .addOption(new Option("--percent <p>", "on for this percentage of --by's values, 0–100 in 0.01 steps").argParser(percentValue).conflicts(["on", "off"]))
    .option("--by <attribute>", "the context attribute a percentage buckets by and the lists match (default userId)")
    .option("--allow <values>", "comma-separated values of --by that always get it (replaces the list; \"\" clears it)", list)
    .option("--deny <values>", "comma-separated values of --by that never get it (replaces the list; \"\" clears it)", list)
    .option("--description <text>", "what the flag is for")
    .option("--reason <text>", "why, kept in the version's note")
    .addHelpText(
      "after",
      `
Every change is checked before anything is written; a flag left as it was writes nothing. To raise a percentage
step by step under the env's alarms, use \`glidepath flag rollout\`.

Examples:
  $ glidepath flag set new-checkout --app shop-api --env prod --off --description "checkout v2"
  $ glidepath flag set new-checkout --app shop-api --env prod --percent 5 --by sessionId
  $ glidepath flag set new-checkout --app shop-api --env prod --deny vip-1,vip-2 --json

--json prints {app, env, version, written, name, flag}.`,
    )
    .action((name: string, options: AppEnvOptions & { on?: boolean; off?: boolean; percent?: number; by?: string; allow?: string[]; deny?: string[]; description?: string; reason?: string }) =>
      runCommand(async () => {
        const change: FlagChange = {
          ...(options.on ? { state: "on" as const } : options.off ? { state: "off" as const } : {}),
          ...(options.percent !== undefined ? { percent: options.percent } : {}),
          ...(options.by !== undefined ? { by: options.by } : {}),
          ...(options.allow !== undefined ? { allow: options.allow } : {}),
          ...(options.deny !== undefined ? { deny: options.deny } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
        };
        await writeChange(options, name, "set", (document) => setFlag(document, name, change), options.reason);
      }),
    );

  appEnvOptions(flag.command("kill").argument("<name>", "the flag").description("turn a flag off for everyone at once (its allow list dropped)"))
    .option("--reason <text>", "why, kept in the version's note")
    .addHelpText("after", `\nExamples:\n  $ glidepath flag kill new-checkout --app shop-api --env prod --reason "checkout errors"\n\n--json prints {app, env, version, written, name, flag}. Services see it at their next refresh.`)
    .action((name: string, options: AppEnvOptions & { reason?: string }) =>
      runCommand(async () => {
        // A release of the flag in flight would set it again at its next step: it is stopped first, as `abort` stops
        // a deployment (its record names the kill); the kill's own version then stands.
        const stopped = await stopReleaseOf(options, name, options.reason);
        await writeChange(options, name, "kill", (document) => killFlag(document, name), options.reason, stopped);
      }),
    );

  registerFlagRollout(flag);
}

/** Stops the release of `name` in flight, if any, recording the kill as its control signal; says what it stopped. */
async function stopReleaseOf(where: AppEnvOptions, name: string, reason: string | undefined): Promise<string | null> {
  const backend = operatorBackend({ stateMachine: "optional" });
  const [latest] = await backend.adapters.ledger.listDeployments(where.app, where.env, 1);
  if (latest?.outcome !== "in_progress" || latest.strategy !== flagReleaseStrategy(name)) return null;
  const by = operatorName();
  const aborted = await abortDeployment(
    { ledger: backend.adapters.ledger, executions: backend.flagReleases, now: () => backend.clock.now() },
    { app: where.app, env: where.env, by, reason: `flag ${name} killed${reason ? `: ${reason}` : ""}` },
  );
  return `stopped its release ${aborted.deploymentId} (${aborted.execution})`;
}

/** Reads the latest document, applies `change`, and writes the next version when the flag changed. */
async function writeChange(
  where: AppEnvOptions,
  name: string,
  verb: string,
  change: (document: FlagDocument) => FlagChangeResult,
  reason: string | undefined,
  stopped: string | null = null,
): Promise<void> {
  const { flags } = operatorBackend({ stateMachine: "optional" });
  const stored = await flags.latest(where.app, where.env);
  const before = stored?.document ?? { flags: {} };
  const result = change(before);
  if (!result.ok) throw new ConfigInvalidError(result.problems, `flag ${verb} ${name}`);
  const line = changeLine(name, before.flags[name], result.flag);
  let version = stored?.version ?? null;
  if (result.changed) version = await flags.put(where.app, where.env, result.document, `${verb} ${line} — by ${operatorName()}${reason ? `: ${reason}` : ""}`);
  if (where.json) return printJson({ app: where.app, env: where.env, version, written: result.changed, name, flag: result.flag, ...(stopped ? { stoppedRelease: stopped } : {}) });
  const also = stopped ? `; ${stopped}` : "";
  if (!result.changed) return printLines([`${where.app}/${where.env}: ${name} is already ${describeFlag(result.flag)}; nothing written${also}`]);
  printLines([`${where.app}/${where.env}: ${line} (flags version ${version}${stored ? `, was ${stored.version}` : ""})${also}`]);
}

function flagNamed(stored: StoredFlags | null, name: string, where: AppEnvOptions): Flag {
  const found = stored?.document.flags[name];
  if (found) return found;
  const names = Object.keys(stored?.document.flags ?? {}).sort();
  throw new InputError(`${where.app}/${where.env} has no flag ${name}${stored ? ` in version ${stored.version}` : ""} (flags: ${names.join(", ") || "none"})`);
}

function details(flag: Flag): string[] {
  return [
    ...(flag.description ? [`  description: ${flag.description}`] : []),
    `  key: ${flag.by}`,
    ...(flag.allow?.length ? [`  allow: ${flag.allow.join(", ")}`] : []),
    ...(flag.deny?.length ? [`  deny: ${flag.deny.join(", ")}`] : []),
  ];
}

function version(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`"${value}" is not a version (a whole number from 1)`);
  return number;
}

function percentValue(value: string): number {
  const number = Number(value.replace(/%$/, ""));
  if (value.trim() === "" || !Number.isFinite(number) || number < 0 || number > 100) throw new InvalidArgumentError(`"${value}" is not a percentage (0–100)`);
  return number;
}

function list(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}
