// Output helpers shared by commands: `--json` prints one JSON document for scripts, otherwise text for people.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

const BAD_INPUT = new Set(["ConfigInvalidError", "InvalidArgumentError", "InputError"]);

/** Runs a command body; an error becomes one readable message on stderr and exit code 1 (2 for bad input). */
export async function runCommand(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const err = error as Error;
    process.stderr.write(`glidepath: ${err.message}\n`);
    process.exitCode = BAD_INPUT.has(err.name) ? 2 : 1;
  }
}
