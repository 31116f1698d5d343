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

  const noStage = { GLIDEPATH_TABLE: "", GLIDEPATH_STATE_MACHINE_ARN: "" };
  const tableOnly = { GLIDEPATH_TABLE: "glidepath-prod", GLIDEPATH_STATE_MACHINE_ARN: "" };
  it.each<[string, string[], Record<string, string>, string, string]>([
    ["a missing required option", ["plan", "--json"], noStage, "UsageError", "required option '-c, --config <file>' not specified"],
    ["an unknown option", ["validate", "--json", "--strict"], noStage, "UsageError", "unknown option '--strict'"],
    ["an invalid option value", ["demo", "--json", "--speed", "5000"], noStage, "UsageError", "5000 is above 600"],
    ["a file that does not exist", ["plan", "-c", "no-such-file.json", "--json"], noStage, "InputError", "cannot read no-such-file.json: ENOENT"],
    ["a missing environment variable", ["approve", "--app", "shop-api", "--env", "prod", "--json"], noStage, "InputError", "GLIDEPATH_TABLE is not set"],
    ["a missing state machine", ["status", "--app", "shop-api", "--env", "prod", "--json"], tableOnly, "InputError", "GLIDEPATH_STATE_MACHINE_ARN is not set"],
    ["a state machine that is not an ARN", ["abort", "--app", "shop-api", "--env", "prod", "--json"], { ...tableOnly, GLIDEPATH_STATE_MACHINE_ARN: "glidepath-prod" }, "InputError", "GLIDEPATH_STATE_MACHINE_ARN is not a state machine ARN"],
    ["deploy naming neither a commit nor an image", ["deploy", "--app", "shop-api", "--env", "prod", "--json"], noStage, "InputError", "name what to deploy: --commit SHA"],
    ["deploy naming both a commit and an image", ["deploy", "--app", "shop-api", "--env", "prod", "--commit", "1a2b3c4d", "--image", "ami-1", "--json"], noStage, "UsageError", "cannot be used with option"],
    ["a history limit out of range", ["history", "--app", "shop-api", "--env", "prod", "--limit", "0", "--json"], noStage, "UsageError", '"0" is not a whole number from 1 to 500'],
  ])("with --json, reports %s as a JSON error on stdout and exits 2", async (_case, args, env, name, message) => {
    const result = await glidepath(...args, { env });
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
