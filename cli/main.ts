// Entry point of the `glidepath` command: one subcommand per file under cli/commands/, listed in command-table.ts,
// run by run-cli.ts on this process's arguments and streams.
import { processIo, runCli } from "./run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), processIo());
