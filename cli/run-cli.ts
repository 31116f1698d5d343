// Runs the `glidepath` command line on given arguments and streams and returns its exit code: main.ts runs it on
// the process's, the CLI tests in-process on buffers (spawning a process that compiles TypeScript costs ~1.5 s).
import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { COMMANDS, commandNamed } from "./command-table.ts";
import { EXIT_BAD_INPUT, EXIT_OK, jsonRun, reportError, setExitCode, UsageError, withCliRun, type CliIo } from "./output.ts";

export type { CliIo } from "./output.ts";

/** Runs the CLI on `args` (without the node and script paths) and returns the exit code: 0 ok, 1 failed, 2 bad input. */
export function runCli(args: string[], io: CliIo): Promise<number> {
  return withCliRun(io, args, async () => {
    try {
      const program = await programFor(args, io);
      await program.parseAsync(args, { from: "user" });
    } catch (error) {
      if (error instanceof CommanderError) settleCommanderOutcome(error);
      else reportError(error);
    }
  });
}

/** The process's own streams, environment and Ctrl-C. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interrupted: () => new Promise<void>((done) => process.once("SIGINT", () => done())),
  };
}

async function programFor(args: string[], io: CliIo): Promise<Command> {
  const json = jsonRun();
  const program = new Command()
    .name("glidepath")
    .description("Progressive delivery for EC2 services on AWS, and its local sandbox")
    .version(packageJson.version, "-V, --version", "print the version")
    // Options after a command name are that command's: `config get --version 3` names a config version.
    .enablePositionalOptions()
    // With --json a usage error is one JSON document on stdout (reportError), not commander's text and help.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => (json ? undefined : write(text)),
    })
    .showHelpAfterError(!json)
    // Commander exits the process on its own by default; we map its outcome onto our exit codes instead.
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath demo                                  three releases through the local sandbox
  $ glidepath validate config/shop-api.prod.json    check a config file
  $ glidepath plan -c config/shop-api.prod.json     the steps its strategy compiles to
  $ glidepath status --app shop-api --env prod --watch   follow a deployment on AWS (see the README's operator guide)
  $ glidepath <command> --help                      a command's options and examples

Exit codes: 0 ok, 1 a failed outcome or error, 2 bad input (nothing was run).
With --json, results and errors are JSON on stdout: errors as {"error": {"name", "message", "problems"?}}.`,
    );
  // Only the named command is loaded (the sandbox and the AWS SDK take seconds to import); without one, the
  // overview lists every command from the table.
  const named = commandNamed(args);
  if (named) (await named.load())(program);
  else for (const command of COMMANDS) program.command(command.name).description(command.summary);
  return program;
}

/** `--help`, `--version` and `help` end in a CommanderError too; help shown because a command was missing is a usage error. */
function settleCommanderOutcome(error: CommanderError): void {
  const asked = error.code === "commander.helpDisplayed" || error.code === "commander.version" || (error.code === "commander.help" && error.exitCode === 0);
  if (asked) setExitCode(EXIT_OK);
  else if (jsonRun()) reportError(new UsageError(error.code === "commander.help" ? "a command is required (glidepath --help lists them)" : error.message.replace(/^error: /, "")));
  else setExitCode(EXIT_BAD_INPUT);
}
