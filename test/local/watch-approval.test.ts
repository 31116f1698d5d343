import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, initRepository } from "../../local/git.ts";
import { sandboxConfigInput } from "../../local/sandbox/sandbox-config.ts";
import { watchLocalRepository } from "../../local/watch-sandbox.ts";

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("glidepath local watch with an approval step", () => {
  it("says it approves on its own, approves after 10 virtual minutes and promotes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "glidepath-watch-approval-"));
    const repo = join(dir, "shop-api");
    await initRepository(repo);
    const lines: string[] = [];
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest", percent: 20, until: "approval" } };
    const watching = await watchLocalRepository({ repo, branch: "main", speed: 5000, pollMs: 100, colour: false, config, write: (line) => lines.push(line) });
    try {
      const { sandbox } = watching;
      await commitFiles(repo, { "behaviour.json": "{}" }, "first");
      await until(() => sandbox.executions.runs.size === 1, 10_000);
      await sandbox.executions.settled();

      const second = await commitFiles(repo, { "behaviour.json": "{}", "v": "2" }, "second");
      await until(() => sandbox.executions.runs.size === 2, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(second);
      const requested = lines.find((line) => line.startsWith("approval ") && line.includes("Promote shop-api/sandbox from 20% to 100% of traffic?"));
      expect(requested).toContain("the sandbox approves after 10 min; use a scenario file to reject");
      expect(lines.some((line) => line.includes("approved automatically after 10 virtual minutes"))).toBe(true);
    } finally {
      await watching.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
