import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-cli-");

describe("glidepath validate and plan", () => {
  it("accepts the example config", async () => {
    const result = await glidepath("validate", "--config", "config/shop-api.prod.json", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, files: [{ file: "config/shop-api.prod.json", valid: true, app: "shop-api", env: "prod", strategy: "canary" }] });
  });

  it("lists every problem of a bad YAML config with its path and exits 2", async () => {
    const dir = temporaryFolder();
    const file = join(dir, "bad.yaml");
    await writeFile(file, "app: shop-api\nenv: prod\nstrategy: { kind: canary, steps: [ {percent: 5}, {percent: 150} ] }\n");
    const result = await glidepath("validate", "--config", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} is invalid`);
    expect(result.stderr).toContain("strategy.steps[1].percent: must be 1–100");
    expect(result.stderr).toContain("traffic: is required");
  });

  it.each([["validate"], ["plan"]])("%s refuses an approval timeout of 0s: exit 2, the problem listed", async (command) => {
    const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
    const dir = temporaryFolder();
    const file = join(dir, "zero-approval.json");
    await writeFile(file, JSON.stringify({ ...example, approval: { timeout: "0s" }, analysis: { ...example.analysis, alarm: [] } }));
    const result = await glidepath(command, "--config", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} is invalid`);
    expect(result.stderr).toContain("approval.timeout: must be 1m–7d (is 0s)");
    expect(result.stderr).toContain("analysis.alarm: is not a known key (did you mean analysis.alarms?)");
    expect(result.stdout).toBe("");
  });

  it("lists the problems as JSON with --json and exits 2", async () => {
    const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
    const dir = temporaryFolder();
    const file = join(dir, "zero-approval.json");
    await writeFile(file, JSON.stringify({ ...example, approval: { timeout: "0s" } }));
    const result = await glidepath("validate", "--config", file, "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ valid: false, files: [{ file, valid: false, problems: ["approval.timeout: must be 1m–7d (is 0s)"] }] });
  });

  it("prints the compiled plan as JSON for scripts", async () => {
    const result = await glidepath("plan", "--config", "config/shop-api.prod.json", "--json");
    expect(result.code).toBe(0);
    const { plan, estimate } = JSON.parse(result.stdout);
    expect(plan.steps[0]).toEqual({ kind: "setWeight", percent: 5 });
    expect(plan.steps.at(-1)).toEqual({ kind: "setWeight", percent: 100 });
    expect(Object.keys(estimate).sort()).toEqual(["costUsd", "durationSeconds", "lambdaInvocations", "transitions"]);
    // Bakes of 5m + 10m and a 5m final bake, three shifts, set-up and the 15m scaleDownDelay.
    expect(estimate.durationSeconds).toBeGreaterThan((5 + 10 + 5 + 15) * 60);
    expect(estimate.costUsd).toBeCloseTo((estimate.transitions * 0.025) / 1000, 3);
  });

  it("prints each step's duration, transitions, Lambda calls and cost, and the total", async () => {
    const result = await glidepath("plan", "--config", "config/shop-api.prod.json");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[1]).toMatch(/step\s+duration\s+transitions\s+lambdas\s+cost/);
    expect(lines.find((line) => line.includes("Bake 10m under alarm watch"))).toMatch(/10m\s+5\s+2\s+\$0\.0001/);
    expect(lines.find((line) => line.trim().startsWith("total"))).toMatch(/total\s+\S+\s+\d+\s+\d+\s+\$0\.\d{4}/);
  });

  it("prints a one-group plan with the instance refresh it starts", async () => {
    const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
    const file = join(temporaryFolder(), "shop-api.prod.json");
    const fleet = { provider: "autoscaling", launchTemplateId: example.fleet.launchTemplateId, group: { name: "shop-api-prod", endpoint: "lb.example.com" } };
    const strategy = { kind: "rolling", extraBatch: true, steps: [{ percent: 25, bake: "5m" }, { percent: 100 }] };
    const analysis = { ...example.analysis, alarms: [{ name: "{fleet}-5xx" }] };
    await writeFile(file, JSON.stringify({ ...example, fleet, strategy, analysis }));
    const result = await glidepath("plan", "--config", file);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[1]).toBe("Instance refresh: MinHealthyPercentage 100, MaxHealthyPercentage 125, checkpoints at 25%, 100% (pause 6m each), BakeTime 6m");
    expect(lines.some((line) => line.includes("Replace instances until 25% run the new version"))).toBe(true);
  });

  it("prints a canary whose new fleet starts small, with the step that scales it before the shift it could not carry", async () => {
    const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
    const file = join(temporaryFolder(), "shop-api.prod.json");
    const strategy = { kind: "canary", steps: [{ percent: 10, bake: "5m" }, { percent: 50, bake: "5m" }, { percent: 100 }], canaryScale: { percent: 25 } };
    await writeFile(file, JSON.stringify({ ...example, strategy }));
    const result = await glidepath("plan", "--config", file);
    expect(result.code).toBe(0);
    const labels = result.stdout.split("\n").flatMap((line) => /^\s+\d+\. (.+?)\s{2,}/.exec(line)?.[1] ?? []);
    expect(labels.slice(0, 5)).toEqual([
      "Set up: image, idle fleet at 25% of the live fleet's size, smoke test",
      "Shift 10% to the new version",
      "Bake 5m under alarm watch",
      "Scale the new fleet to 100% of the live fleet's size and wait until it is InService",
      "Shift 50% to the new version",
    ]);
  });

  it("refuses a canaryScale too small for the first step, naming the path and the smallest that fits: exit 2", async () => {
    const example = JSON.parse(await readFile("config/shop-api.prod.json", "utf8"));
    const file = join(temporaryFolder(), "shop-api.prod.json");
    await writeFile(file, JSON.stringify({ ...example, strategy: { kind: "canary", steps: [{ percent: 30 }, { percent: 100 }], canaryScale: { percent: 25 } } }));
    const result = await glidepath("validate", "--config", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("strategy.canaryScale.percent: a new fleet at 25% of the live fleet's size carries at most 20% of traffic (80%, for headroom), but strategy.steps[0] sends 30%: make it at least 38, or leave canaryScale out");
  });

  it("names a missing file", async () => {
    const result = await glidepath("plan", "--config", "no-such-file.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot read no-such-file.json");
  });
});
