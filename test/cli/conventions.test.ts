// What every command shares: --version, examples in --help, exit codes 0/1/2, and with --json errors as one JSON
// document on stdout (`{"error": {"name", "message", "problems"?}}`) instead of text on stderr.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/command-table.ts";
import { glidepath } from "./run-cli.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-conventions-");

const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;

describe("glidepath conventions", () => {
  it("prints the package version with --version and exits 0", async () => {
    const result = await glidepath("--version");
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("lists every command with its summary and the exit codes in the overview help", async () => {
    const result = await glidepath("--help");
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout.replace(/\s+/g, " ")).toContain(`${command.name} ${command.summary}`);
    expect(result.stdout).toContain("Exit codes: 0 ok, 1 a failed outcome or error, 2 bad input");
  });

  it.each([...COMMANDS.map(({ name }) => name), "local run", "local watch"])("shows examples in `glidepath %s --help`", async (name) => {
    const command = name.split(" ");
    const result = await glidepath(...command, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Examples:\\n(  \\$ .*\\n)*  \\$ (\\S+=\\S+ )*glidepath ${command.join(" ")}\\b`));
  });

  it("exits 2 and shows the help when no command is given", async () => {
    const result = await glidepath();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: glidepath");
  });

  it.each([
    ["a missing required option", ["plan", "--json"], "UsageError", "required option '-c, --config <file>' not specified"],
    ["an unknown option", ["validate", "--json", "--strict"], "UsageError", "unknown option '--strict'"],
    ["an invalid option value", ["demo", "--json", "--speed", "5000"], "UsageError", "5000 is above 600"],
    ["a file that does not exist", ["plan", "-c", "no-such-file.json", "--json"], "InputError", "cannot read no-such-file.json: ENOENT"],
    ["a missing environment variable", ["approve", "--app", "shop-api", "--env", "prod", "--json"], "InputError", "GLIDEPATH_TABLE is not set"],
  ])("with --json, reports %s as a JSON error on stdout and exits 2", async (_case, args, name, message) => {
    const result = await glidepath(...args, { env: { GLIDEPATH_TABLE: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ error: { name, message: expect.stringContaining(message) } });
  });

  it("with --json, lists an invalid config's problems in the error", async () => {
    const example = JSON.parse(readFileSync("config/shop-api.prod.json", "utf8"));
    const file = join(temporaryFolder(), "zero-approval.json");
    writeFileSync(file, JSON.stringify({ ...example, approval: { timeout: "0s" } }));
    const result = await glidepath("plan", "-c", file, "--json");
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({ name: "ConfigInvalidError", problems: ["approval.timeout: must be 1m–7d (is 0s)"] });
  });
});
