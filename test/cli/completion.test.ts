// `glidepath completion bash|zsh`: scripts generated from commander's command tree, complete with every command
// and option; the bash one parses and completes in a real bash.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/command-table.ts";
import { fullProgram } from "../../cli/commands/completion.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";
import { glidepath } from "./run-cli.ts";

const temporaryFolder = useTemporaryFolders("glidepath-completion-");
const run = promisify(execFile);

/** Every command path (`config get`) with its long and short flags, read from the registered commands. */
async function everyCommandAndOption(): Promise<Array<{ path: string; flags: string[] }>> {
  const walk = (command: Command, path: string): Array<{ path: string; flags: string[] }> => [
    { path, flags: command.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => !!flag)) },
    ...command.commands.flatMap((sub) => walk(sub, path ? `${path} ${sub.name()}` : sub.name())),
  ];
  return walk(await fullProgram(new Command("glidepath")), "");
}

async function scriptFor(shell: string): Promise<string> {
  const result = await glidepath("completion", shell);
  expect(result.code).toBe(0);
  return result.stdout;
}

/** What bash offers for the command line `words` (the last one being completed), with the script loaded. */
async function bashOffers(script: string, words: string[]): Promise<string[]> {
  const file = join(temporaryFolder(), "glidepath.bash");
  await writeFile(file, script);
  const quoted = words.map((word) => `'${word}'`).join(" ");
  const { stdout } = await run("bash", ["-c", `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _glidepath; printf '%s\\n' "\${COMPREPLY[@]}"`]);
  return stdout.split("\n").filter((line) => line !== "");
}

describe("glidepath completion", () => {
  it.each(["bash", "zsh"])("names every command, subcommand and option in the %s script", async (shell) => {
    const script = await scriptFor(shell);
    const tree = await everyCommandAndOption();
    expect(tree.map((node) => node.path)).toEqual(expect.arrayContaining([...COMMANDS.map((command) => command.name), "config get", "local watch"]));
    for (const { path, flags } of tree) {
      const quotedPath = shell === "bash" ? `"${path}")` : `'${path}'`;
      expect(script, path).toContain(quotedPath);
      for (const flag of flags) expect(script, `${path} ${flag}`).toMatch(new RegExp(`(^|[ '"])${flag}[ :'"]`, "m"));
    }
  });

  it("prints a bash script that bash parses", async () => {
    const file = join(temporaryFolder(), "glidepath.bash");
    await writeFile(file, await scriptFor("bash"));
    await expect(run("bash", ["-n", file])).resolves.toMatchObject({ stderr: "" });
  });

  it("completes commands, subcommands, options and file names in bash", async () => {
    const script = await scriptFor("bash");
    expect(await bashOffers(script, ["glidepath", "co"])).toEqual(["config", "completion"]);
    expect(await bashOffers(script, ["glidepath", "config", ""])).toEqual(["get", "put", "diff", "history", "--help", "-h"]);
    expect(await bashOffers(script, ["glidepath", "config", "get", "--app", "config", "--v"])).toEqual(["--version"]);
    expect(await bashOffers(script, ["glidepath", "completion", "z"])).toEqual(["zsh"]);
    expect(await bashOffers(script, ["glidepath", "validate", "-c", "config/shop-api.pro"])).toEqual(["config/shop-api.prod.json"]);
  });

  it("refuses a shell it has no script for", async () => {
    const result = await glidepath("completion", "fish");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'fish' is invalid for argument 'shell'. Allowed choices are bash, zsh");
  });
});
