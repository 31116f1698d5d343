// Options every operator command shares: which app/env (`--app`, `--env`) and `--json`.
import type { Command } from "commander";

export interface AppEnvOptions {
  app: string;
  env: string;
  json?: boolean;
}

/** Adds `--app`, `--env` (both required) and `--json` to an operator command. */
export function appEnvOptions(command: Command): Command {
  return command
    .requiredOption("--app <app>", "the app (its config's `app`)")
    .requiredOption("--env <env>", "the environment (its config's `env`)")
    .option("--json", "print the machine-readable result");
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
