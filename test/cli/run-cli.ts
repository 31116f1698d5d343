// Runs the `glidepath` command line in this process (cli/run-cli.ts) and returns its exit code and output, as a
// spawned `glidepath` would give them: a process per test spent ~1.5 s compiling TypeScript before doing anything.
// test/cli/built-cli.test.ts still spawns the real entry point.
import type { OperatorBackend } from "../../cli/operator-backend.ts";
import { runCli, type CliIo } from "../../cli/run-cli.ts";

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a run may be given besides its arguments. */
interface RunOptions {
  /** Variables to set (or, as "", to unset) for this run only. */
  env?: Record<string, string>;
  /** The operator backend (a sandbox's) instead of AWS's. */
  backend?: OperatorBackend;
  /** Run as if stdout were a terminal. */
  tty?: boolean;
  /** Resolves when the test presses Ctrl-C. */
  ctrlC?: Promise<void>;
  /** Sees each piece of stdout as it is written (to act once a line appears). */
  onStdout?: (text: string) => void;
}

/** Arguments, optionally followed by `{ env, backend }`. */
export async function glidepath(...args: Array<string | RunOptions>): Promise<CliResult> {
  const words = args.filter((arg): arg is string => typeof arg === "string");
  const options = args.find((arg): arg is RunOptions => typeof arg !== "string") ?? {};
  const overrides = options.env ?? {};
  const env = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === "") delete env[name];
    else env[name] = value;
  }
  const output = { stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        output.stdout += text;
        options.onStdout?.(text);
      },
      isTTY: options.tty === true,
    },
    stderr: { write: (text: string) => (output.stderr += text) },
    env,
    // Unless the test presses Ctrl-C, a command that waits for it never ends, which the test's timeout reports.
    interrupted: () => options.ctrlC ?? new Promise<void>(() => {}),
    ...(options.backend ? { backend: options.backend } : {}),
  };
  const code = await runCli(words, io);
  return { code, ...output };
}
