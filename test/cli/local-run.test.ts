import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-scenario-");

describe("glidepath local run", () => {
  it("runs the example scenario and prints the documented JSON", async () => {
    const result = await glidepath("local", "run", "--scenario", "scenarios/bad-canary.yaml", "--json");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.deployments.map((d: { commit: string; outcome: string }) => [d.commit, d.outcome])).toEqual([
      ["v1", "promoted"],
      ["v2", "promoted"],
      ["v3-bad", "rolled_back"],
    ]);
    expect(output.deployments[2]).toMatchObject({ liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(output.deployments[2].reason).toContain("shop-api-sandbox-b-error-rate");
    expect(output.deployments[2].control).toMatchObject({ kind: "circuitBreaker", by: "circuit breaker", reason: expect.stringContaining("shop-api-sandbox-b-error-rate") });
    expect(output.deployments[1]).not.toHaveProperty("control");
    expect(output.liveCommit).toBe("v2");
    // What Glidepath published to its bus, by release: v3-bad ends in a rollback naming its alarm.
    const events = output.events as Array<{ at: string; detailType: string; release: string; detail: { reason?: string } }>;
    expect(events.filter((e) => e.release === "v3-bad").map((e) => e.detailType)).toEqual(expect.arrayContaining(["Deployment Started", "Deployment Rolled Back"]));
    expect(events.find((e) => e.release === "v3-bad" && e.detailType === "Deployment Rolled Back")?.detail.reason).toContain("shop-api-sandbox-b-error-rate");
    expect(events.filter((e) => e.detailType === "Deployment Promoted").map((e) => e.release)).toEqual(["v1", "v2"]);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // Each deployment's cost, counted from its execution: the promoted v2 walked the whole canary, the bad v3
    // rolled back part-way, so it cost fewer transitions in less virtual time.
    const [, v2, v3] = output.deployments as Array<{ stats: { transitions: number; lambdaInvocations: number; virtualSeconds: number } }>;
    expect(Object.keys(v2!.stats).sort()).toEqual(["lambdaInvocations", "transitions", "virtualSeconds"]);
    expect(v2!.stats.transitions).toBeGreaterThan(v2!.stats.lambdaInvocations);
    expect(v3!.stats.virtualSeconds).toBeLessThan(v2!.stats.virtualSeconds);
  });

  it("prints the invariants it checked, and exits 0 when none was violated", async () => {
    const dir = temporaryFolder();
    const file = join(dir, "first.yaml");
    await writeFile(file, "name: first deploy\ndeployments: [{ commit: v1 }]\n");
    const json = await glidepath("local", "run", "--scenario", file, "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).invariants).toEqual({ checked: expect.any(Number), violations: [] });
    expect(JSON.parse(json.stdout).invariants.checked).toBeGreaterThan(0);
    const human = await glidepath("local", "run", "--scenario", file);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/invariants: \d+ checks, no violation/);
  }, 60_000);

  it("refuses a bad scenario file, listing every problem with its path, and runs nothing", async () => {
    const file = join(temporaryFolder(), "bad.yaml");
    await writeFile(file, "deployments: [{ commit: v1, errorRate: 2 }]\nfaults: [{ alarm: x, state: RED, for: 5m }]\n");
    const result = await glidepath("local", "run", "--scenario", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("deployments[0].errorRate");
    expect(result.stderr).toContain("faults[0]");
  });

  it("with --json, refuses a bad scenario file with the problems as a JSON error on stdout", async () => {
    const file = join(temporaryFolder(), "bad.yaml");
    await writeFile(file, "deployments: [{ commit: v1, errorRate: 2 }]\n");
    const result = await glidepath("local", "run", "--scenario", file, "--json");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    const { error } = JSON.parse(result.stdout);
    expect(error).toMatchObject({ name: "ConfigInvalidError", message: expect.stringContaining(`${file} is invalid`) });
    expect(error.problems).toEqual([expect.stringContaining("deployments[0].errorRate")]);
  });
});
