// Options every operator command shares: which app/env (`--app`, `--env`), `--json` and `--local`.
import type { Command } from "commander";
import { SANDBOX_ENDPOINT_PORT } from "../local/sandbox/sandbox-names.ts";
import { cliIo } from "./output.ts";

export interface AppEnvOptions {
  app: string;
  env: string;
  json?: boolean;
}

/** Adds `--app`, `--env` (both required), `--json` and `--local` to an operator command. */
export function appEnvOptions(command: Command): Command {
  return localOption(
    command
      .requiredOption("--app <app>", "the app (its config's `app`)")
      .requiredOption("--env <env>", "the environment (its config's `env`)")
      .option("--json", "print the machine-readable result"),
  );
}

/**
 * `--local`: run against the sandbox `glidepath local up` serves, i.e. GLIDEPATH_ENDPOINT, which it sets to
 * the default port when unset (cli/operator-backend.ts then binds the clients to it).
 */
export function localOption(command: Command): Command {
  return command
    .option("--local", `against the sandbox \`glidepath local up\` serves (GLIDEPATH_ENDPOINT, else http://127.0.0.1:${SANDBOX_ENDPOINT_PORT})`)
    .hook("preAction", (_command, action) => {
      const { env } = cliIo();
      if (action.opts()["local"] === true) env["GLIDEPATH_ENDPOINT"] ||= `http://127.0.0.1:${SANDBOX_ENDPOINT_PORT}`;
    });
}

/** `12:03:30 (in 2m10s)` for a time ahead, `12:03:30 (2m10s ago)` for one passed. */
export function clockAndDistance(iso: string, now: number): string {
  const at = Date.parse(iso);
  const seconds = Math.round(Math.abs(at - now) / 1000);
  const span = seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
  return `${iso.slice(11, 19)} UTC (${at >= now ? `in ${span}` : `${span} ago`})`;
}

/** A commit as people read it: its first 12 characters. */
export const shortCommit = (commit: string | null | undefined): string => (commit ? commit.slice(0, 12) : "none");
