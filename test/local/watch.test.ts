import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { matchPush } from "../../functions/core/push.ts";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { commitFiles, initRepository } from "../../local/git.ts";
import { watchBranch, type BranchWatcher } from "../../local/watch.ts";

const renameBranch = (repo: string, from: string, to: string) => promisify(execFile)("git", ["-C", repo, "branch", "-m", from, to]);

describe("local watch", () => {
  let repo: string;
  let watcher: BranchWatcher | undefined;
  const delivered: Array<Record<string, any>> = [];
  let missingSaid = 0;

  beforeEach(async () => {
    repo = join(await mkdtemp(join(tmpdir(), "glidepath-watch-")), "shop-api");
    await initRepository(repo);
    delivered.length = 0;
    missingSaid = 0;
    watcher = watchBranch({ repo, branch: "main", intervalMs: 60_000, onPush: (event) => void delivered.push(event), onBranchMissing: () => void missingSaid++ });
  });
  afterEach(async () => {
    watcher?.stop();
    await rm(join(repo, ".."), { recursive: true, force: true });
  });

  it("delivers nothing while the branch has no commit, and says once that it does not exist", async () => {
    expect(await watcher!.poll()).toBeNull();
    expect(await watcher!.poll()).toBeNull();
    expect(delivered).toHaveLength(0);
    expect(missingSaid).toBe(1);
  });

  it("says the branch is missing again only after it existed in between", async () => {
    await watcher!.poll();
    await commitFiles(repo, { "a.txt": "1" }, "first");
    await watcher!.poll();
    expect(missingSaid).toBe(1);
    await renameBranch(repo, "main", "trunk");
    await watcher!.poll();
    await watcher!.poll();
    expect(missingSaid).toBe(2);
  });

  it("turns the first commit into a referenceCreated push that a config for the repository matches", async () => {
    const commit = await commitFiles(repo, { "behaviour.json": "{}" }, "first");
    await watcher!.poll();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.detail).toMatchObject({ event: "referenceCreated", repositoryName: "shop-api", referenceName: "main", commitId: commit });
    const match = matchPush(delivered[0], [{ app: "shop-api", env: "prod", repository: "shop-api", branch: "main" }]);
    expect(match).toEqual({ kind: "start", app: "shop-api", env: "prod", commit, repository: "shop-api", branch: "main" });
  });

  it("delivers each new head once, as referenceUpdated with the old commit", async () => {
    const first = await commitFiles(repo, { "a.txt": "1" }, "first");
    await watcher!.poll();
    expect(await watcher!.poll()).toBeNull();
    const second = await commitFiles(repo, { "a.txt": "2" }, "second");
    await watcher!.poll();
    expect(delivered.map((event) => event.detail.commitId)).toEqual([first, second]);
    expect(delivered[1]!.detail).toMatchObject({ event: "referenceUpdated", oldCommitId: first });
  });
});
