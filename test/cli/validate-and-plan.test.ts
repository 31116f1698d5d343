import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";

describe("glidepath validate and plan", () => {
  it("accepts the example config", async () => {
    const result = await glidepath("validate", "--config", "config/shop-api.prod.json", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, app: "shop-api", env: "prod" });
  });

  it("lists every problem of a bad YAML config with its path and exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "glidepath-cli-"));
    const file = join(dir, "bad.yaml");
    await writeFile(file, "app: shop-api\nenv: prod\nstrategy: { kind: canary, steps: [ {percent: 5}, {percent: 150} ] }\n");
    const result = await glidepath("validate", "--config", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} is invalid`);
    expect(result.stderr).toContain("strategy.steps[1].percent: must be 1–100");
    expect(result.stderr).toContain("traffic: is required");
  });

  it("prints the compiled plan as JSON for scripts", async () => {
    const result = await glidepath("plan", "--config", "config/shop-api.prod.json", "--json");
    expect(result.code).toBe(0);
    const { plan } = JSON.parse(result.stdout);
    expect(plan.steps[0]).toEqual({ kind: "setWeight", percent: 5 });
    expect(plan.steps.at(-1)).toEqual({ kind: "setWeight", percent: 100 });
  });

  it("names a missing file", async () => {
    const result = await glidepath("plan", "--config", "no-such-file.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read no-such-file.json");
  });
});
