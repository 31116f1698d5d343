// Runs the `glidepath` command line in this process (cli/run-cli.ts) and returns its exit code and output, as a
// spawned `glidepath` would give them: a process per test spent ~1.5 s compiling TypeScript before doing anything.
// test/cli/built-cli.test.ts still spawns the real entry point.
import { runCli, type CliIo } from "../../cli/run-cli.ts";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Arguments, optionally followed by `{ env }`: variables to set (or, as "", to unset) for this run only. */
export async function glidepath(...args: Array<string | { env: Record<string, string> }>): Promise<CliResult> {
  const words = args.filter((arg): arg is string => typeof arg === "string");
  const overrides = args.find((arg) => typeof arg !== "string")?.env ?? {};
  const env = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === "") delete env[name];
    else env[name] = value;
  }
  const output = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
    env,
    // Nobody presses Ctrl-C in a test: a command that waits for it never ends, which the test's timeout reports.
    interrupted: () => new Promise<void>(() => {}),
  };
  const code = await runCli(words, io);
  return { code, ...output };
}
