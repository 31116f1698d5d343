// `glidepath/flags` as a service gets it: the package's "exports" entry, built to plain JavaScript that runs on
// Node without TypeScript, and that loads the AWS SDK only when given an SSM client.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFlagsClient } from "../../functions/flags/bundle.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
// Inside the project, so the bundle's package imports resolve from node_modules as dist/flags's do.
mkdirSync(join(root, "dist"), { recursive: true });
const outDir = mkdtempSync(join(root, "dist", "flags-test-"));
let bundle: { file: string; bytes: number };

beforeAll(async () => {
  bundle = await bundleFlagsClient({ root, outDir });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("glidepath/flags", () => {
  it("is the package's export, built where package.json points", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(manifest.exports["./flags"]).toEqual({ types: "./functions/flags/client.ts", default: "./dist/flags/client.js" });
    expect(manifest.scripts.prepare).toContain("functions/flags/build.ts");
  });

  it("runs as plain JavaScript and imports the AWS SDK only lazily", async () => {
    const text = readFileSync(bundle.file, "utf8");
    expect(text).not.toMatch(/^import .*@aws-sdk/m);
    expect(text).toContain('import("@aws-sdk/client-ssm")');
    const script = `
      const { createFlagClient } = await import(${JSON.stringify(bundle.file)});
      const flags = createFlagClient({ app: "shop-api", env: "prod", read: async () => '{"flags":{"checkout":{"state":"percentage","percent":50}}}' });
      const on = await Promise.all(Array.from({ length: 1000 }, (_, i) => flags.isOn("checkout", { userId: "u" + i })));
      process.stdout.write(String(on.filter(Boolean).length));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    expect(Number(stdout)).toBeGreaterThan(400);
    expect(Number(stdout)).toBeLessThan(600);
  });
});
