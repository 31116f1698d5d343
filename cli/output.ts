// Output helpers shared by commands: `--json` prints one JSON document for scripts, otherwise text for people.
// Exit codes are the same for every command: 0 ok, 1 a failed outcome or error, 2 bad input (nothing was run).
//
// Each run of the CLI (cli/run-cli.ts) has its own streams, environment and exit code. Commands reach them through
// these helpers rather than `process`, so several runs can share one process (the CLI tests run it in-process,
// some of them concurrently): an AsyncLocalStorage carries the current run through every await of its command.
import { AsyncLocalStorage } from "node:async_hooks";
import type { OperatorBackend } from "./operator-backend.ts";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Where one run of the CLI reads and writes: the process's own streams, or a test's buffers. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks a long-running command (`local watch`, `status --watch`) to stop: Ctrl-C. */
  interrupted(): Promise<void>;
  /** What the operator commands talk to instead of AWS (a sandbox in tests); AWS's when absent. */
  backend?: OperatorBackend;
}

interface CliRun {
  io: CliIo;
  /** Whether the command line asks for JSON (jsonWanted), decided once before commander parses anything. */
  json: boolean;
  exitCode: number;
}

const runs = new AsyncLocalStorage<CliRun>();

/** Runs `body` as one CLI run on `io`; what it prints goes there, and the exit code it sets is returned. */
export async function withCliRun(io: CliIo, args: string[], body: () => Promise<void>): Promise<number> {
  const run: CliRun = { io, json: jsonWanted(args), exitCode: EXIT_OK };
  await runs.run(run, body);
  return run.exitCode;
}

function currentRun(): CliRun {
  const run = runs.getStore();
  if (!run) throw new Error("glidepath output used outside a CLI run (call it through runCli)");
  return run;
}

/** The run's streams and environment (the process's in `glidepath`, buffers in tests). */
export function cliIo(): CliIo {
  return currentRun().io;
}

export function setExitCode(code: number): void {
  currentRun().exitCode = code;
}

export function printJson(value: unknown): void {
  currentRun().io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  currentRun().io.stdout.write(`${lines.join("\n")}\n`);
}

/** A message for people on stderr, prefixed `glidepath:` as every error and warning is. */
export function printProblem(text: string): void {
  currentRun().io.stderr.write(`glidepath: ${text}\n`);
}

/**
 * Whether the command line asks for JSON. Every command's `--json` is a flag, so its presence before any `--`
 * is the answer; reading the arguments rather than the parsed options also covers usage errors, which happen
 * before commander has parsed anything.
 */
function jsonWanted(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

/** Whether the current run was asked for JSON. */
export function jsonRun(): boolean {
  return currentRun().json;
}

/** Errors that mean the command line named something wrong (a file, an app/env, a commit): exit 2. */
const BAD_INPUT = new Set(["ConfigInvalidError", "InvalidArgumentError", "InputError", "UsageError", "UnknownReleaseError", "ConfigNotFoundError"]);

/** The documented `--json` error document: `{"error": {"name", "message", "problems"?}}`. */
function errorDocument(error: Error): { error: { name: string; message: string; problems?: string[] } } {
  const problems = (error as { problems?: unknown }).problems;
  return { error: { name: error.name, message: error.message, ...(Array.isArray(problems) ? { problems: problems.map(String) } : {}) } };
}

/** Reports an error as JSON on stdout (with `--json`) or one readable message on stderr, and sets the exit code. */
export function reportError(error: unknown): void {
  const err = withHint(error instanceof Error ? error : new Error(String(error)));
  if (jsonRun()) printJson(errorDocument(err));
  else printProblem(err.message);
  setExitCode(BAD_INPUT.has(err.name) ? EXIT_BAD_INPUT : EXIT_FAILED);
}

/** The AWS SDK's "Region is missing" does not say where a region comes from: bad input, and how to give one. */
function withHint(error: Error): Error {
  if (!/region is missing/i.test(error.message)) return error;
  return Object.assign(new Error("no AWS region configured: set AWS_REGION (or a region in the AWS profile you use)"), { name: "InputError" });
}

/** Runs a command body; an error is reported by `reportError` (exit code 1, or 2 for bad input). */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportError(error);
  }
}

/** Commander's usage errors (unknown option, missing argument…) under the name scripts see in `--json`. */
export class UsageError extends Error {
  override name = "UsageError";
}
