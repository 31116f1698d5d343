import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles, initRepository } from "../../local/git.ts";
import { watchLocalRepository } from "../../local/watch-sandbox.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-watch-sandbox-");

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A new repository, with `committed` files already committed on main (nothing when absent), watched on `branch`. */
async function aWatchedRepository(branch = "main", committed?: Record<string, string>) {
  const repo = join(temporaryFolder(), "shop-api");
  await initRepository(repo);
  if (committed) await commitFiles(repo, committed, "before the watch");
  const lines: string[] = [];
  const watching = await watchLocalRepository({ repo, branch, speed: 5000, pollMs: 100, colour: false, write: (line) => lines.push(line) });
  return { repo, lines, watching, sandbox: watching.sandbox };
}

describe("glidepath local watch", () => {
  it("deploys a commit on the watched branch, a commit whose behaviour.json breaks it never goes live, and stopping sums up", async () => {
    const { repo, lines, watching, sandbox } = await aWatchedRepository();
    let stopped = false;
    try {
      const first = await commitFiles(repo, { "behaviour.json": "{}" }, "first");
      await until(() => sandbox.executions.runs.size === 1, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(first);

      const bad = await commitFiles(repo, { "behaviour.json": JSON.stringify({ errorRate: 1 }) }, "bad");
      await until(() => sandbox.executions.runs.size === 2, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(first);
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      expect(lines.some((line) => line.includes("ROLLBACK"))).toBe(true);

      await watching.stop();
      stopped = true;
      const summary = lines.slice(lines.findIndex((line) => line.startsWith("Stopped watching")));
      expect(summary[0]).toBe("Stopped watching main: 2 deployments.");
      expect(summary[1]).toMatch(new RegExp(`^  ${first.slice(0, 12)}  promoted `));
      expect(summary[2]).toMatch(new RegExp(`^  ${bad.slice(0, 12)}  rolled_back Rolled back: `));
      expect(summary[3]).toBe(`Live: ${first.slice(0, 12)} on slot b.`);
    } finally {
      if (!stopped) await watching.stop();
    }
  }, 60_000);

  it("skips a commit whose behaviour.json is invalid, saying why, and deploys the next one", async () => {
    const { repo, lines, watching, sandbox } = await aWatchedRepository();
    try {
      const notJson = await commitFiles(repo, { "behaviour.json": "{errorRate: 1" }, "not JSON");
      await until(() => lines.some((line) => line.startsWith(`skipped ${notJson.slice(0, 12)}`)), 10_000);
      const outOfRange = await commitFiles(repo, { "behaviour.json": JSON.stringify({ errorRate: 2 }) }, "out of range");
      await until(() => lines.some((line) => line.startsWith(`skipped ${outOfRange.slice(0, 12)}`)), 10_000);
      expect(lines.find((line) => line.startsWith(`skipped ${notJson.slice(0, 12)}`))).toContain("its behaviour.json is invalid, so how the service behaves at it is unknown (not JSON: ");
      expect(lines.find((line) => line.startsWith(`skipped ${outOfRange.slice(0, 12)}`))).toMatch(/\(errorRate: .*\); fix it in a new commit$/);
      expect(sandbox.executions.runs.size).toBe(0);

      const fixed = await commitFiles(repo, { "behaviour.json": "{}" }, "fixed");
      await until(() => sandbox.executions.runs.size === 1, 10_000);
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(fixed);
    } finally {
      await watching.stop();
    }
  }, 60_000);

  it("says the watched branch does not exist, naming the branches there are", async () => {
    const { repo, lines, watching } = await aWatchedRepository("mian", { "behaviour.json": "{}" });
    try {
      expect(lines.filter((line) => line.startsWith("branch mian"))).toEqual([`branch mian does not exist in ${repo} (branches: main); waiting for a commit on it (--branch)`]);
    } finally {
      await watching.stop();
    }
  }, 60_000);
});
