// `glidepath config get|put|diff|history --app A --env E`: an app/env's config in SSM Parameter Store, version by
// version. `put` checks a document with the rules Load config applies before writing anything.
import { InvalidArgumentError, Option, type Command } from "commander";
import type { ConfigVersion } from "../../functions/adapters/ports.ts";
import { ConfigNotFoundError } from "../../functions/errors.ts";
import { summaryOf } from "../command-table.ts";
import { readDocumentAndText, InputError } from "../config-file.ts";
import { configPatch, storableConfig, type DiffSide } from "../config-document.ts";
import { operatorBackend } from "../context.ts";
import { appEnvOptions, type AppEnvOptions } from "../operator-options.ts";
import { printJson, printLines, runCommand } from "../output.ts";

export function registerConfig(program: Command): void {
  const config = program
    .command("config")
    .description(summaryOf("config"))
    .addHelpText(
      "after",
      `
The config lives in SSM Parameter Store (GLIDEPATH_CONFIG_PREFIX, default /glidepath, then /<app>/<env>/config);
every put is a new version, SSM keeps the last 100. Each deployment labels the version it loaded
deployed-<commit>, so \`config history\` shows which versions went out.

Examples:
  $ glidepath config history --app shop-api --env prod
  $ glidepath config diff --app shop-api --env prod -f config/shop-api.prod.json
  $ glidepath config put --app shop-api --env prod -f config/shop-api.prod.json`,
    );

  appEnvOptions(config.command("get").description("print a version of the config as stored (the latest by default)"))
    .option("--version <n>", "the version to print", version)
    .addHelpText("after", `\nExamples:\n  $ glidepath config get --app shop-api --env prod\n  $ glidepath config get --app shop-api --env prod --version 3 --json\n\n--json prints {app, env, version, lastModified, modifiedBy, labels, text, document}.`)
    .action((options: AppEnvOptions & { version?: number }) =>
      runCommand(async () => {
        const versions = await versionsOf(options);
        const chosen = pick(versions, options, options.version ?? latest(versions).version);
        if (options.json) return printJson({ app: options.app, env: options.env, ...describeVersion(chosen), text: chosen.text, document: documentOf(chosen.text) });
        printLines([chosen.text.replace(/\n$/, "")]);
      }),
    );

  appEnvOptions(config.command("put").description("check a config file with the rules deployments apply, then store it as the next version"))
    .requiredOption("-f, --file <file>", "the config (JSON or YAML; stored as JSON, which deployments read)")
    .addHelpText(
      "after",
      `
Nothing is written when the file has a problem: every one is listed with its path (exit code 2). A document the
latest version already holds is not written again.

Examples:
  $ glidepath config put --app shop-api --env prod -f config/shop-api.prod.json
  $ glidepath config put --app shop-api --env prod -f shop-api.prod.yaml --json

--json prints {app, env, version, written}: written is false when the latest version already held the document.`,
    )
    .action((options: AppEnvOptions & { file: string }) =>
      runCommand(async () => {
        const text = storableConfig(options, options.file, await readDocumentAndText(options.file));
        const backend = operatorBackend({ stateMachine: "optional" });
        // The first put of an app/env creates its parameter.
        const current = await backend.configVersions.history(options.app, options.env).catch((error: unknown) => {
          if (error instanceof ConfigNotFoundError) return [];
          throw error;
        });
        const last = current.at(-1);
        if (last && configPatch({ name: "", text: last.text }, { name: "", text }).identical) {
          if (options.json) return printJson({ app: options.app, env: options.env, version: last.version, written: false });
          return printLines([`${options.app}/${options.env}: version ${last.version} already holds this document; nothing written`]);
        }
        const written = await backend.configVersions.put(options.app, options.env, text);
        if (options.json) return printJson({ app: options.app, env: options.env, version: written, written: true });
        printLines([`${options.app}/${options.env}: stored ${options.file} as version ${written}${last ? ` (was ${last.version})` : ""}; the next deployment loads it`]);
      }),
    );

  appEnvOptions(config.command("diff").description("a unified diff between two versions, or between a version and a file"))
    .option("--from <n>", "the old side's version (default: the one before --to, or the latest against a file)", version)
    .addOption(new Option("--to <n>", "the new side's version (default: the latest)").argParser(version).conflicts("file"))
    .addOption(new Option("-f, --file <file>", "compare with this file (JSON or YAML) instead of a version").conflicts("to"))
    .addHelpText(
      "after",
      `
Both sides are compared as formatted JSON, so a YAML file differs from the JSON stored from it only where their
documents do.

Examples:
  $ glidepath config diff --app shop-api --env prod                  the latest change
  $ glidepath config diff --app shop-api --env prod --from 3 --to 5
  $ glidepath config diff --app shop-api --env prod -f config/shop-api.prod.json   what a put would change

--json prints {app, env, from, to, identical, patch}: from and to are {version} or {file}.`,
    )
    .action((options: AppEnvOptions & { from?: number; to?: number; file?: string }) =>
      runCommand(async () => {
        const versions = await versionsOf(options);
        const newest = latest(versions).version;
        let to: { side: DiffSide; label: { version: number } | { file: string } };
        let fromVersion: number;
        if (options.file) {
          to = { side: { name: options.file, text: (await readDocumentAndText(options.file)).text }, label: { file: options.file } };
          fromVersion = options.from ?? newest;
        } else {
          const toVersion = pick(versions, options, options.to ?? newest);
          to = { side: sideOf(toVersion, options), label: { version: toVersion.version } };
          fromVersion = options.from ?? previousOf(versions, toVersion.version, options);
        }
        const from = pick(versions, options, fromVersion);
        const { identical, patch } = configPatch(sideOf(from, options), to.side);
        if (options.json) return printJson({ app: options.app, env: options.env, from: { version: from.version }, to: to.label, identical, patch });
        printLines([identical ? `no differences between version ${from.version} and ${to.side.name}` : patch.replace(/\n$/, "")]);
      }),
    );

  appEnvOptions(config.command("history").description("list the config's versions, newest first: date, who wrote it, labels (deployed-<commit>)"))
    .addHelpText("after", `\nExamples:\n  $ glidepath config history --app shop-api --env prod\n  $ glidepath config history --app shop-api --env prod --json\n\n--json prints {app, env, versions: [{version, lastModified, modifiedBy, labels}]}, newest first.`)
    .action((options: AppEnvOptions) =>
      runCommand(async () => {
        const versions = [...(await versionsOf(options))].reverse();
        if (options.json) return printJson({ app: options.app, env: options.env, versions: versions.map(describeVersion) });
        printLines([
          `${options.app}/${options.env} config, newest first:`,
          ...versions.map((v) => `  v${String(v.version).padEnd(4)} ${v.lastModified.slice(0, 19)}Z  ${v.modifiedBy ?? "(unknown)"}${v.labels.length ? `  ${[...v.labels].sort().join(", ")}` : ""}`),
        ]);
      }),
    );
}

function versionsOf(options: AppEnvOptions): Promise<ConfigVersion[]> {
  return operatorBackend({ stateMachine: "optional" }).configVersions.history(options.app, options.env);
}

function latest(versions: ConfigVersion[]): ConfigVersion {
  const last = versions.at(-1);
  if (!last) throw new Error("SSM listed no version of an existing parameter");
  return last;
}

/** The version asked for; SSM keeps only the last 100, so an old one may be gone. */
function pick(versions: ConfigVersion[], where: AppEnvOptions, wanted: number): ConfigVersion {
  const found = versions.find((v) => v.version === wanted);
  if (found) return found;
  const kept = versions.length === 1 ? `only version ${versions[0]?.version}` : `versions ${versions[0]?.version}–${versions.at(-1)?.version}`;
  throw new InputError(`${where.app}/${where.env} has no config version ${wanted}: SSM keeps ${kept}`);
}

function previousOf(versions: ConfigVersion[], to: number, where: AppEnvOptions): number {
  const before = versions.filter((v) => v.version < to).at(-1);
  if (!before) throw new InputError(`${where.app}/${where.env} has no version before ${to} to compare with: name one with --from, or a file with -f`);
  return before.version;
}

function sideOf(version: ConfigVersion, where: AppEnvOptions): DiffSide {
  return { name: `${where.app}/${where.env} config v${version.version}`, text: version.text };
}

function describeVersion(v: ConfigVersion) {
  return { version: v.version, lastModified: v.lastModified, modifiedBy: v.modifiedBy, labels: [...v.labels].sort() };
}

function documentOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function version(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`"${value}" is not a version (a whole number from 1)`);
  return number;
}
