// Entry point of the `glidepath` command: one subcommand per file under cli/commands/, listed in command-table.ts.
import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { COMMANDS, commandNamed } from "./command-table.ts";
import { EXIT_BAD_INPUT, EXIT_OK, jsonWanted, reportError, UsageError } from "./output.ts";

const json = jsonWanted();
const program = new Command()
  .name("glidepath")
  .description("Progressive delivery for EC2 services on AWS, and its local sandbox")
  .version(packageJson.version, "-V, --version", "print the version")
  // With --json a usage error is one JSON document on stdout (reportError), not commander's text and help.
  .configureOutput({ outputError: (text, write) => (json ? undefined : write(text)) })
  .showHelpAfterError(!json)
  // Commander exits on its own by default; we map its outcome onto our exit codes instead (2 = bad input).
  .exitOverride()
  .addHelpText(
    "after",
    `
Examples:
  $ glidepath demo                                  three releases through the local sandbox
  $ glidepath validate config/shop-api.prod.json    check a config file
  $ glidepath plan -c config/shop-api.prod.json     the steps its strategy compiles to
  $ glidepath <command> --help                      a command's options and examples

Exit codes: 0 ok, 1 a failed outcome or error, 2 bad input (nothing was run).
With --json, results and errors are JSON on stdout: errors as {"error": {"name", "message", "problems"?}}.`,
  );

// Only the named command is loaded (the sandbox and the AWS SDK take seconds to import); without one, the
// overview lists every command from the table.
const named = commandNamed(process.argv.slice(2));
if (named) (await named.load())(program);
else for (const command of COMMANDS) program.command(command.name).description(command.summary);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // `--help`, `--version` and `help` end here too; help shown because a command was missing is a usage error.
  const asked = error.code === "commander.helpDisplayed" || error.code === "commander.version" || (error.code === "commander.help" && error.exitCode === 0);
  if (asked) process.exitCode = EXIT_OK;
  else if (json) reportError(new UsageError(error.code === "commander.help" ? "a command is required (glidepath --help lists them)" : error.message.replace(/^error: /, "")));
  else process.exitCode = EXIT_BAD_INPUT;
}
