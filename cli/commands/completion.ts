// `glidepath completion bash|zsh`: prints a shell completion script generated from every command's definition.
import { Argument, Command } from "commander";
import { COMMANDS, summaryOf } from "../command-table.ts";
import { bashCompletion, zshCompletion } from "../completion-script.ts";
import { cliIo, runCommand } from "../output.ts";

const SHELLS = { bash: bashCompletion, zsh: zshCompletion };

export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description(summaryOf("completion"))
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(Object.keys(SHELLS)))
    .addHelpText(
      "after",
      `
Examples:
  $ glidepath completion bash > /etc/bash_completion.d/glidepath    bash, for every session
  $ source <(glidepath completion bash)                            bash, this session
  $ glidepath completion zsh > "\${fpath[1]}/_glidepath"              zsh, for every session (then compinit)

Commands, subcommands and options complete; an option's value completes as a file name.`,
    )
    .action((shell: keyof typeof SHELLS) =>
      runCommand(async () => {
        cliIo().stdout.write(SHELLS[shell](await fullProgram(program)));
      }),
    );
}

/**
 * The program with every command registered. A run loads only the command it names (cli/command-table.ts), so
 * the script is generated from a tree of its own, named and described as the one running.
 */
export async function fullProgram(running: Command): Promise<Command> {
  const root = running.parent ?? running;
  const tree = new Command(root.name()).description(root.description()).version(root.version() ?? "", "-V, --version", "print the version");
  for (const command of COMMANDS) (await command.load())(tree);
  return tree;
}
