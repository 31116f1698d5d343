// Drift between an app's envs: `glidepath envs diff` from SSM (the sandbox's) or from files, and `validate`
// warning about it, or refusing envs promoted from each other in a cycle.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../local/sandbox/sandbox.ts";
import { sandboxBackend } from "../fixtures/sandbox-backend.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";
import { envConfig, THREE_ENVS } from "../sim/scenarios/env-path-builders.ts";
import { glidepath } from "./run-cli.ts";

const temporaryFolder = useTemporaryFolders("glidepath-envs-");

/** The example prod config as env `env` of shop-api, with its own names and `changes` on top. */
async function anEnvFile(folder: string, env: string, changes: Record<string, unknown> = {}): Promise<string> {
  const example = JSON.parse((await readFile("config/shop-api.prod.json", "utf8")).replaceAll("prod", env));
  const file = join(folder, `shop-api.${env}.json`);
  await writeFile(file, JSON.stringify({ ...example, ...changes }));
  return file;
}

describe("glidepath envs diff", () => {
  it("reads every env of the app from SSM and lists where prod's canary drifts from the others", async () => {
    const prod = envConfig("prod", { promotedFrom: "staging", soak: "2h" }, { strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 100 }] } });
    const sandbox = await startSandbox({ traffic: "synthetic", config: THREE_ENVS.dev, envs: [THREE_ENVS.staging, prod] });
    try {
      const result = await glidepath("envs", "diff", "--app", "shop-api", { backend: sandboxBackend(sandbox) });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(
        [
          "shop-api: dev, prod, staging drift in 3 places:",
          "  strategy.steps[1].percent: dev 50, prod 100, staging 50",
          "  strategy.steps[1].bake: dev 180, prod (none), staging 180",
          "  strategy.steps[2].percent: dev 100, prod (none), staging 100",
          "",
        ].join("\n"),
      );
      const json = JSON.parse((await glidepath("envs", "diff", "--app", "shop-api", "--json", { backend: sandboxBackend(sandbox) })).stdout);
      expect(json).toMatchObject({ app: "shop-api", envs: ["dev", "prod", "staging"], allowedToDiffer: expect.arrayContaining(["source", "fleet.capacity", "windows"]) });
      expect(json.drift).toHaveLength(3);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it("compares files given with -c, and finds nothing when only the keys meant to differ differ", async () => {
    const folder = temporaryFolder();
    const staging = await anEnvFile(folder, "staging", { fleet: { provider: "autoscaling", capacity: 1, launchTemplateId: "lt-1", slots: { a: { group: "s-a", endpoint: "a" }, b: { group: "s-b", endpoint: "b" } } } });
    const prod = await anEnvFile(folder, "prod", { source: { promotedFrom: "staging", soak: "2h" } });
    const result = await glidepath("envs", "diff", "--app", "shop-api", "-c", staging, "-c", prod);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("shop-api: staging, prod do not drift (keys meant to differ left out)\n");
  });

  it("refuses a file of another app", async () => {
    const folder = temporaryFolder();
    const staging = await anEnvFile(folder, "staging");
    const result = await glidepath("envs", "diff", "--app", "cart", "-c", staging, "-c", staging);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${staging} configures app shop-api, not cart`);
  });
});

describe("glidepath validate with several envs of one app", () => {
  it("warns about drift and still passes", async () => {
    const folder = temporaryFolder();
    const staging = await anEnvFile(folder, "staging");
    const prod = await anEnvFile(folder, "prod", { source: { promotedFrom: "staging", soak: "2h" }, finalBake: "10m" });
    const result = await glidepath("validate", staging, prod, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, warnings: ["shop-api: finalBake: staging 300, prod 600"] });
    const text = await glidepath("validate", staging, prod);
    expect(text.stderr).toContain("warning: the envs drift (glidepath envs diff lists the same):\n  - shop-api: finalBake: staging 300, prod 600");
  });

  it("refuses envs promoted from each other in a cycle, naming it", async () => {
    const folder = temporaryFolder();
    const staging = await anEnvFile(folder, "staging", { source: { promotedFrom: "prod", soak: "1h" } });
    const prod = await anEnvFile(folder, "prod", { source: { promotedFrom: "staging", soak: "1h" } });
    const result = await glidepath("validate", staging, prod, "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).files).toEqual([
      { file: staging, valid: false, problems: ["source.promotedFrom: the envs are promoted from each other in a cycle (staging ← prod ← staging), so no release could enter it; one env must track a branch"] },
      { file: prod, valid: false, problems: ["source.promotedFrom: the envs are promoted from each other in a cycle (prod ← staging ← prod), so no release could enter it; one env must track a branch"] },
    ]);
  });
});
