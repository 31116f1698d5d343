import { describe, expect, it } from "vitest";
import { glidepath } from "./run-cli.ts";

describe("glidepath approve", () => {
  it("names the missing environment variable and exits 2 without calling AWS", async () => {
    const result = await glidepath("approve", "--app", "shop-api", "--env", "prod", { env: { GLIDEPATH_TABLE: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("GLIDEPATH_TABLE is not set");
  });

  it("requires --app and --env", async () => {
    const result = await glidepath("approve", "--app", "shop-api");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--env");
  });
});
