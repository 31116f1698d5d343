// `glidepath config get|put|diff|history` end to end in the sandbox: the config in the simulated SSM, written and
// read through the same ports as on AWS, and the label each deployment puts on the version it loaded.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import { APP, aSandboxWithV1 } from "../fixtures/operator-sandbox.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-config-");
const deployedLabel = (label: string) => `deployed-${commitIdOf(label).slice(0, 12)}`;

/** The sandbox's config as `config get --json` prints it, changed by `change`, written to a file. */
async function aChangedConfigFile(cli: (...args: string[]) => Promise<{ stdout: string }>, change: (document: Record<string, any>) => void, name = "config.json") {
  const document = JSON.parse((await cli("config", "get", ...APP, "--json")).stdout).document;
  change(document);
  const file = join(temporaryFolder(), name);
  await writeFile(file, JSON.stringify(document, null, 2));
  return file;
}

describe("glidepath config in the sandbox", () => {
  it("puts a checked version, and its history shows which versions deployments loaded", async () => {
    const { sandbox, push, cli } = await aSandboxWithV1();
    try {
      const file = await aChangedConfigFile(cli, (document) => (document.strategy.steps[0].bake = "5m"));
      const put = await cli("config", "put", ...APP, "-f", file);
      expect(put.code).toBe(0);
      expect(put.stdout).toBe(`shop-api/sandbox: stored ${file} as version 2 (was 1); the next deployment loads it\n`);
      const again = await cli("config", "put", ...APP, "-f", file, "--json");
      expect(JSON.parse(again.stdout)).toEqual({ app: "shop-api", env: "sandbox", version: 2, written: false });

      await push("v2", "v1");
      await sandbox.executions.settled();
      const history = await cli("config", "history", ...APP, "--json");
      expect(history.code).toBe(0);
      expect(JSON.parse(history.stdout)).toEqual({
        app: "shop-api",
        env: "sandbox",
        versions: [
          { version: 2, lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), modifiedBy: expect.stringMatching(/^arn:aws:iam::\d{12}:user\//), labels: [deployedLabel("v2")] },
          { version: 1, lastModified: expect.any(String), modifiedBy: expect.any(String), labels: [deployedLabel("v1")] },
        ],
      });
      const text = await cli("config", "history", ...APP);
      expect(text.stdout).toMatch(new RegExp(`^shop-api/sandbox config, newest first:\\n  v2 .*  ${deployedLabel("v2")}\\n  v1 .*  ${deployedLabel("v1")}\\n$`));
      const [deployment] = JSON.parse((await cli("history", ...APP, "--json")).stdout).deployments;
      expect(deployment).toMatchObject({ commit: commitIdOf("v2"), configVersion: 2 });
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("refuses an invalid document with every problem listed and writes nothing", async () => {
    const { sandbox, cli } = await aSandboxWithV1();
    try {
      const file = await aChangedConfigFile(cli, (document) => {
        document.env = "prod";
        document.approval = { timeout: "0s" };
        document.strategy.steps[0].percent = 0;
      });
      const refused = await cli("config", "put", ...APP, "-f", file, "--json");
      expect(refused.code).toBe(2);
      const { error } = JSON.parse(refused.stdout);
      expect(error.name).toBe("ConfigInvalidError");
      expect(error.problems).toEqual(expect.arrayContaining(["approval.timeout: must be 1m–7d (is 0s)", expect.stringMatching(/^strategy\.steps\[0\]\.percent: /)]));
      const text = await cli("config", "put", ...APP, "-f", file);
      expect(text.code).toBe(2);
      expect(text.stderr).toContain(`${file} is invalid:`);

      const otherEnv = await aChangedConfigFile(cli, (document) => (document.env = "prod"), "other-env.json");
      const misnamed = JSON.parse((await cli("config", "put", ...APP, "-f", otherEnv, "--json")).stdout);
      expect(misnamed.error.problems).toEqual(["env: the document says prod, not sandbox (--env)"]);
      expect(JSON.parse((await cli("config", "history", ...APP, "--json")).stdout).versions.map((v: { version: number }) => v.version)).toEqual([1]);

      const nothingBefore = await cli("config", "diff", ...APP);
      expect(nothingBefore.code).toBe(2);
      expect(nothingBefore.stderr).toContain("shop-api/sandbox has no version before 1 to compare with: name one with --from, or a file with -f");
      const staging = await aChangedConfigFile(cli, (document) => (document.env = "staging"), "staging.json");
      const first = await cli("config", "put", "--app", "shop-api", "--env", "staging", "-f", staging);
      expect(first.stdout).toBe(`shop-api/staging: stored ${staging} as version 1; the next deployment loads it\n`);
      expect(JSON.parse((await cli("config", "get", "--app", "shop-api", "--env", "staging", "--json")).stdout)).toMatchObject({ version: 1, document: { env: "staging" } });
      const noConfig = await cli("config", "history", "--app", "billing", "--env", "sandbox", "--json");
      expect(noConfig.code).toBe(2);
      expect(JSON.parse(noConfig.stdout).error).toMatchObject({ name: "ConfigNotFoundError", message: "no config for billing/sandbox: SSM parameter /glidepath/billing/sandbox/config does not exist" });
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("gets a version as stored, diffs versions and a YAML file, and stores YAML as the JSON deployments read", async () => {
    const { sandbox, cli } = await aSandboxWithV1();
    try {
      const stored = await cli("config", "get", ...APP);
      expect(stored.code).toBe(0);
      const [v1] = JSON.parse((await cli("config", "history", ...APP, "--json")).stdout).versions;
      expect(JSON.parse(stored.stdout)).toMatchObject({ app: "shop-api", env: "sandbox" });

      const document = JSON.parse(stored.stdout);
      document.strategy.steps[0].bake = "5m";
      const yamlFile = join(temporaryFolder(), "shop-api.sandbox.yaml");
      const { stringify } = await import("yaml");
      await writeFile(yamlFile, stringify(document));
      const againstFile = await cli("config", "diff", ...APP, "-f", yamlFile);
      expect(againstFile.code).toBe(0);
      expect(againstFile.stdout).toContain(`--- shop-api/sandbox config v1\n+++ ${yamlFile}\n`);
      expect(againstFile.stdout).toMatch(/^-\s+"bake": "3m"$/m);
      expect(againstFile.stdout).toMatch(/^\+\s+"bake": "5m"$/m);

      expect((await cli("config", "put", ...APP, "-f", yamlFile)).code).toBe(0);
      const v2 = JSON.parse((await cli("config", "get", ...APP, "--version", "2", "--json")).stdout);
      expect(v2).toMatchObject({ version: 2, labels: [], document: { strategy: { steps: [{ percent: 10, bake: "5m" }, expect.anything(), expect.anything()] } } });
      expect(JSON.parse(v2.text)).toEqual(document);
      const first = JSON.parse((await cli("config", "get", ...APP, "--version", "1", "--json")).stdout);
      expect(first).toMatchObject({ version: 1, lastModified: v1.lastModified, labels: [deployedLabel("v1")], text: stored.stdout.replace(/\n$/, "") });

      const latestChange = JSON.parse((await cli("config", "diff", ...APP, "--json")).stdout);
      expect(latestChange).toMatchObject({ from: { version: 1 }, to: { version: 2 }, identical: false });
      expect(latestChange.patch).toMatch(/^--- shop-api\/sandbox config v1\n\+\+\+ shop-api\/sandbox config v2\n@@ /);
      expect(latestChange.patch).toMatch(/^\+\s+"bake": "5m"$/m);
      const same = await cli("config", "diff", ...APP, "--from", "2", "-f", yamlFile);
      expect(same.stdout).toBe(`no differences between version 2 and ${yamlFile}\n`);

      const gone = await cli("config", "get", ...APP, "--version", "7");
      expect(gone.code).toBe(2);
      expect(gone.stderr).toContain("shop-api/sandbox has no config version 7: SSM keeps versions 1–2");
      const both = await cli("config", "diff", ...APP, "--to", "2", "-f", yamlFile);
      expect(both.code).toBe(2);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
