import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, initRepository } from "../../local/git.ts";
import { watchLocalRepository } from "../../local/watch-sandbox.ts";

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("glidepath local watch", () => {
  it("deploys a commit on the watched branch, and a commit whose behaviour.json breaks it never goes live", async () => {
    const dir = await mkdtemp(join(tmpdir(), "glidepath-watch-sandbox-"));
    const repo = join(dir, "shop-api");
    await initRepository(repo);
    const lines: string[] = [];
    const watching = await watchLocalRepository({ repo, branch: "main", speed: 5000, pollMs: 100, colour: false, write: (line) => lines.push(line) });
    try {
      const { sandbox } = watching;
      const first = await commitFiles(repo, { "behaviour.json": "{}" }, "first");
      await until(() => sandbox.executions.runs.size === 1, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(first);

      await commitFiles(repo, { "behaviour.json": JSON.stringify({ errorRate: 1 }) }, "bad");
      await until(() => sandbox.executions.runs.size === 2, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(first);
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      expect(lines.some((line) => line.includes("ROLLBACK"))).toBe(true);
    } finally {
      await watching.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
