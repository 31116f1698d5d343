import { describe, expect, it } from "vitest";
import { STATE } from "../../stacks/definition.ts";
import { APP, aSandboxWithV1 } from "../fixtures/operator-sandbox.ts";
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

describe("glidepath promote in the sandbox", () => {
  it("ends a bake 10 virtual seconds in, recording the operator GLIDEPATH_OPERATOR names", async () => {
    const { sandbox, push, cli } = await aSandboxWithV1();
    try {
      let promoted: Promise<Awaited<ReturnType<typeof cli>>> | undefined;
      sandbox.listen((event) => {
        if (promoted || event.state !== STATE.bake) return;
        promoted = new Promise((resolve) => sandbox.clock.schedule(10_000, () => void sandbox.outOfBand(() => cli("promote", ...APP, "--reason", "looks good", "--json")).then(resolve)));
      });
      await push("v2", "v1");
      await sandbox.executions.settled();
      const result = await promoted;
      expect(result?.code).toBe(0);
      expect(JSON.parse(result?.stdout ?? "{}")).toMatchObject({ wait: "bake", reason: expect.stringContaining("Promoted by alice: looks good") });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
