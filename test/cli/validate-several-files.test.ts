import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-validate-");

async function aBadConfig(): Promise<string> {
  const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
  const file = join(temporaryFolder(), "bad.json");
  await writeFile(file, JSON.stringify({ ...example, approval: { timeout: "0s" } }));
  return file;
}

const GOOD = "config/shop-api.prod.json";

describe("glidepath validate with several files", () => {
  it("checks every file given with -c, not only the last: a bad one before a good one still fails", async () => {
    const bad = await aBadConfig();
    const result = await glidepath("validate", "-c", bad, "-c", GOOD);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad} is invalid`);
    expect(result.stderr).toContain("approval.timeout: must be 1m–7d (is 0s)");
    expect(result.stdout).toContain(`${GOOD}: valid (shop-api/prod, strategy canary)`);
  });

  it("reports each file's verdict in --json, a missing file among them", async () => {
    const bad = await aBadConfig();
    const result = await glidepath("validate", bad, GOOD, "no-such-config.json", "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      files: [
        { file: bad, valid: false, problems: ["approval.timeout: must be 1m–7d (is 0s)"] },
        { file: GOOD, valid: true, app: "shop-api", env: "prod", strategy: "canary" },
        { file: "no-such-config.json", valid: false, problems: ["cannot read no-such-config.json: ENOENT"] },
      ],
    });
  });

  it("accepts a file named without -c", async () => {
    const result = await glidepath("validate", GOOD);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${GOOD}: valid (shop-api/prod, strategy canary)\n`);
  });

  it("refuses to run without a file, saying how to name one", async () => {
    const result = await glidepath("validate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("name a config file to check");
  });
});
