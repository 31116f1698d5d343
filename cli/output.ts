// Output helpers shared by commands: `--json` prints one JSON document for scripts, otherwise text for people.
// Exit codes are the same for every command: 0 ok, 1 a failed outcome or error, 2 bad input (nothing was run).

export const EXIT_OK = 0;
const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * Whether the command line asks for JSON. Every command's `--json` is a flag, so its presence before any `--`
 * is the answer; reading the arguments rather than the parsed options also covers usage errors, which happen
 * before commander has parsed anything.
 */
export function jsonWanted(args: string[] = process.argv.slice(2)): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

const BAD_INPUT = new Set(["ConfigInvalidError", "InvalidArgumentError", "InputError", "UsageError"]);

/** The documented `--json` error document: `{"error": {"name", "message", "problems"?}}`. */
function errorDocument(error: Error): { error: { name: string; message: string; problems?: string[] } } {
  const problems = (error as { problems?: unknown }).problems;
  return { error: { name: error.name, message: error.message, ...(Array.isArray(problems) ? { problems: problems.map(String) } : {}) } };
}

/** Reports an error as JSON on stdout (with `--json`) or one readable message on stderr, and sets the exit code. */
export function reportError(error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  if (jsonWanted()) printJson(errorDocument(err));
  else process.stderr.write(`glidepath: ${err.message}\n`);
  process.exitCode = BAD_INPUT.has(err.name) ? EXIT_BAD_INPUT : EXIT_FAILED;
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
