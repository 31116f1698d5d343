import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";

describe("glidepath approve", () => {
  it("names the missing environment variable and exits 2 without calling AWS", async () => {
    const table = process.env["GLIDEPATH_TABLE"];
    delete process.env["GLIDEPATH_TABLE"];
    try {
      const result = await glidepath("approve", "--app", "shop-api", "--env", "prod");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("GLIDEPATH_TABLE is not set");
    } finally {
      if (table !== undefined) process.env["GLIDEPATH_TABLE"] = table;
    }
  });

  it("requires --app and --env", async () => {
    const result = await glidepath("approve", "--app", "shop-api");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--env");
  });
});
