// The bundle `npm ci` builds (cli/bundle.ts) runs every command the way the sources do, and the real entry point
// (cli/bin.js) runs as a process; every other CLI test runs the command line in-process (test/cli/run-cli.ts).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshBuildEntry } from "../../cli/build-freshness.js";
import { COMMANDS } from "../../cli/command-table.ts";
import { bundleCli, type CliBuild } from "../../cli/bundle.ts";
import { glidepath } from "./run-cli.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
// Inside the project, so the bundle's package imports resolve from node_modules as dist/cli's do.
mkdirSync(join(root, "dist"), { recursive: true });
const outDir = mkdtempSync(join(root, "dist", "cli-test-"));
let built: CliBuild;

beforeAll(async () => {
  built = await bundleCli({ root, outDir });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function builtGlidepath(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(outDir, "main.js"), ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("the built CLI", () => {
  it("is fresh right after the build, judged by every source that went in, package.json and the build settings", () => {
    expect(freshBuildEntry(root, outDir)).toBe(join(outDir, "main.js"));
    expect(built.inputCount).toBeGreaterThan(50);
  });

  it("keeps each command in its own chunk, so --version loads none of them", () => {
    const files = built.outputs.map((output) => output.file);
    for (const command of COMMANDS.map(({ name }) => name)) expect(files.some((file) => file.startsWith(`${command}-`))).toBe(true);
  });

  it.each([
    [["--version"]],
    [["--help"]],
    [["validate", "config/shop-api.prod.json", "--json"]],
    [["plan", "-c", "config/shop-api.prod.json"]],
    [["plan", "--json"]],
  ])("answers %j as the sources do", async (args) => {
    const [fromBuild, fromSources] = await Promise.all([builtGlidepath(...args), glidepath(...args)]);
    expect(fromBuild).toEqual({ code: fromSources.code, stdout: fromSources.stdout });
  });
});

describe("the glidepath command (cli/bin.js)", () => {
  it("runs as a process, from the build when it is fresh or else from the sources, with the exit code its run sets", async () => {
    const bin = join(root, "cli", "bin.js");
    const version = await run(process.execPath, [bin, "--version"]);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}\n`);
    const refused = await run(process.execPath, [bin, "plan", "--json"]).catch((error: { code: number; stdout: string }) => error);
    expect(refused).toMatchObject({ code: 2, stdout: expect.stringContaining('"UsageError"') });
  });
});
