import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";

describe("glidepath promote", () => {
  it("names the missing environment variable and exits 2 without calling AWS", async () => {
    const table = process.env["GLIDEPATH_TABLE"];
    delete process.env["GLIDEPATH_TABLE"];
    try {
      const result = await glidepath("promote", "--app", "shop-api", "--env", "prod", "--json");
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout).error.message).toContain("GLIDEPATH_TABLE is not set");
    } finally {
      if (table !== undefined) process.env["GLIDEPATH_TABLE"] = table;
    }
  });

  it("requires --app and --env, and its help says what happens and shows examples", async () => {
    const missing = await glidepath("promote", "--env", "prod");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--app");
    const help = await glidepath("promote", "--help");
    expect(help.stdout).toContain("the rest of the current bake is skipped");
    expect(help.stdout).toContain("$ glidepath promote --app shop-api --env prod --reason");
  });
});
