// `glidepath local watch` through the command line: Ctrl-C stops it with a summary of what it deployed.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initRepository } from "../../local/git.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";
import { glidepath } from "./run-cli.ts";

const temporaryFolder = useTemporaryFolders("glidepath-cli-watch-");

describe("glidepath local watch", () => {
  it("on Ctrl-C says it stops and prints a summary, exit 0", async () => {
    const repo = join(temporaryFolder(), "shop-api");
    await initRepository(repo);
    let pressCtrlC!: () => void;
    const ctrlC = new Promise<void>((resolve) => (pressCtrlC = resolve));
    const result = await glidepath("local", "watch", "-r", repo, "--speed", "600", {
      ctrlC,
      onStdout: (text) => {
        if (text.startsWith("Watching main")) pressCtrlC();
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Watching main of ${repo}; commit to deploy, Ctrl-C to stop.\n`);
    expect(result.stdout).toContain(`branch main does not exist in ${repo} (no commit yet); waiting for a commit on it (--branch)\n`);
    expect(result.stdout).toMatch(/Stopped watching main: no deployment\.\nLive: nothing yet\.\n$/);
  }, 60_000);
});
