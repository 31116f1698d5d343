import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";
import { stringify } from "yaml";
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

describe("glidepath validate applies the deploy's rules", () => {
  it("refuses a YAML file as a deploy does, and still lists the problems of the config it holds", async () => {
    const example = JSON.parse(await readFile(GOOD, "utf8"));
    const file = join(temporaryFolder(), "shop-api.prod.yaml");
    await writeFile(file, stringify({ ...example, approval: { timeout: "0s" } }));
    const result = JSON.parse((await glidepath("validate", file, "--json")).stdout);
    expect(result.files[0].problems).toEqual([
      expect.stringMatching(/^\(file\): a deploy reads JSON only, from config\/<app>\.<env>\.json: not valid JSON \(/),
      "approval.timeout: must be 1m–7d (is 0s)",
    ]);
  });

  it("refuses a valid config in a file not named <app>.<env>.json", async () => {
    const file = join(temporaryFolder(), "prod.json");
    await copyFile(GOOD, file);
    const result = await glidepath("validate", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(root): file name must be shop-api.prod.json for app "shop-api" env "prod"');
  });

  it("refuses a second file configuring the same app/env, naming the first", async () => {
    const copy = join(temporaryFolder(), "shop-api.prod.json");
    await copyFile(GOOD, copy);
    const result = JSON.parse((await glidepath("validate", GOOD, copy, GOOD, "--json")).stdout);
    expect(result.files.map((verdict: { valid: boolean }) => verdict.valid)).toEqual([true, false, true]);
    expect(result.files[1].problems).toEqual([`(root): shop-api/prod is already configured by ${GOOD}`]);
  });
});
