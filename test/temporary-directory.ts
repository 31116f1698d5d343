// Global setup: the whole test run gets its own temporary directory (TMPDIR, which os.tmpdir() and child
// processes read), removed at the end. Anything a test left there is named and fails the run, so `npm test`
// leaves nothing behind and a test that forgets to clean up is caught (test/fixtures/temporary-folders.ts helps).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Caches tools keep in the temporary directory on purpose (tsx's compile cache, when the CLI runs from source). */
const TOOL_CACHES = /^tsx-\d+$/;

/** A run's folder carries its process id, so a later run can tell one whose process was killed (no teardown ran). */
const RUN_FOLDER = /^glidepath-test-run-(\d+)-/;

export default function useOneTemporaryDirectoryPerRun(): () => void {
  const before = process.env["TMPDIR"];
  removeFoldersOfEndedRuns(tmpdir());
  const folder = mkdtempSync(join(tmpdir(), `glidepath-test-run-${process.pid}-`));
  process.env["TMPDIR"] = folder;
  return () => {
    const left = readdirSync(folder).filter((name) => !TOOL_CACHES.test(name));
    rmSync(folder, { recursive: true, force: true });
    if (before === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = before;
    if (left.length === 0) return;
    // Vitest reports an error thrown here but still exits 0; the exit code is what CI reads.
    process.stderr.write(`\nTests left temporary files behind (removed now): ${left.join(", ")}. Clean up with test/fixtures/temporary-folders.ts.\n`);
    process.exitCode = 1;
  };
}

/** Removes the folders of runs whose process no longer exists (killed, or stopped with Ctrl-C before teardown). */
function removeFoldersOfEndedRuns(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = RUN_FOLDER.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
