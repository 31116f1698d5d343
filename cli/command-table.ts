// Every `glidepath` command: its name, one-line summary and where its definition lives. main.ts imports only
// the command that was named: the sandbox and the AWS SDK cost seconds to load, `--version` should not pay that.
import type { Command } from "commander";

interface CommandEntry {
  name: string;
  summary: string;
  /** Loads the module that adds the command (its options, help and action) to the program. */
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: "validate",
    summary: "check config files (JSON or YAML) and list every problem with its path",
    load: async () => (await import("./commands/validate.ts")).registerValidate,
  },
  {
    name: "plan",
    summary: "print the rollout plan a config compiles to",
    load: async () => (await import("./commands/plan.ts")).registerPlan,
  },
  {
    name: "demo",
    summary: "run three releases (first deploy, good canary, bad canary) through the local sandbox, no AWS needed",
    load: async () => (await import("./commands/demo.ts")).registerDemo,
  },
  {
    name: "local",
    summary: "run Glidepath in the local sandbox (simulated AWS on this machine)",
    load: async () => (await import("./commands/local.ts")).registerLocal,
  },
  {
    name: "apps",
    summary: "list every configured app/env with its live release and the deployment in progress",
    load: async () => (await import("./commands/apps.ts")).registerApps,
  },
  {
    name: "status",
    summary: "show an app/env's live release and the deployment in progress (step, traffic, alarms, wait); --watch follows it",
    load: async () => (await import("./commands/status.ts")).registerStatus,
  },
  {
    name: "history",
    summary: "list an app/env's past deployments with their outcomes and reasons",
    load: async () => (await import("./commands/history.ts")).registerHistory,
  },
  {
    name: "abort",
    summary: "stop the deployment in progress: traffic back on the live slot (with drain), lease released, reason recorded",
    load: async () => (await import("./commands/abort.ts")).registerAbort,
  },
  {
    name: "rollback",
    summary: "put the previous release back: a weight flip while its fleet is warm, else a deployment of its image",
    load: async () => (await import("./commands/rollback.ts")).registerRollback,
  },
  {
    name: "deploy",
    summary: "deploy a commit again (on its image, no bake) or retry a failed one, by hand, with who and why recorded",
    load: async () => (await import("./commands/deploy.ts")).registerDeploy,
  },
  {
    name: "promote-env",
    summary: "promote an upstream env's release to the env promoted from it now, on the same image (no bake), with who and why recorded",
    load: async () => (await import("./commands/promote-env.ts")).registerPromoteEnv,
  },
  {
    name: "envs",
    summary: "an app's envs side by side: envs diff lists where their configs drift, other than the keys meant to differ",
    load: async () => (await import("./commands/envs.ts")).registerEnvs,
  },
  {
    name: "config",
    summary: "an app/env's config in SSM, version by version: get, put (checked first), diff, history (which versions deployments used)",
    load: async () => (await import("./commands/config.ts")).registerConfig,
  },
  {
    name: "flag",
    summary: "an app/env's feature flags in SSM: list, get, set, kill (off at once), rollout (step by step under the env's alarms)",
    load: async () => (await import("./commands/flag.ts")).registerFlag,
  },
  {
    name: "approve",
    summary: "send the decision to the approval step a deployment waits on",
    load: async () => (await import("./commands/approve.ts")).registerApprove,
  },
  {
    name: "promote",
    summary: "end the bake or approval a deployment on AWS waits in now, as passed, so it goes on to its next step",
    load: async () => (await import("./commands/promote.ts")).registerPromote,
  },
  {
    name: "completion",
    summary: "print a bash or zsh completion script for glidepath's commands and options",
    load: async () => (await import("./commands/completion.ts")).registerCompletion,
  },
];

/** The summary a command's own `--help` shows too, so the overview and the command never disagree. */
export function summaryOf(name: string): string {
  const entry = COMMANDS.find((command) => command.name === name);
  if (!entry) throw new Error(`no command ${name} in the command table`);
  return entry.summary;
}

/**
 * The command the arguments name, if any: the first word that is not an option (`help local` names `local`).
 * No command option takes a value that could be mistaken for a command name before the command itself.
 */
export function commandNamed(args: string[]): CommandEntry | undefined {
  const words = args.filter((arg) => !arg.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((command) => command.name === name);
}
