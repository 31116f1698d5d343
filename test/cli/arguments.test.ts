import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";

describe("glidepath arguments", () => {
  it.each([
    ["an unknown command", ["deploy-now"], "unknown command"],
    ["a speed that would skip alarm checks", ["demo", "--speed", "5000"], "5000 is above 600"],
    ["a speed that is not a number", ["local", "watch", "--repo", ".", "--speed", "fast"], '"fast" is not a positive number'],
    ["a folder that is not a git repository", ["local", "watch", "--repo", "/nonexistent-glidepath-repo"], "is not a git repository"],
  ])("refuses %s with exit code 2 and says why", async (_rule, args, message) => {
    const result = await glidepath(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("prints help with exit code 0", async () => {
    const result = await glidepath("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("local");
  });
});
