// Global setup: the whole test run gets its own temporary directory (TMPDIR, which os.tmpdir() and child
// processes read), removed at the end. Anything a test left there is named and fails the run, so `npm test`
// leaves nothing behind and a test that forgets to clean up is caught (test/fixtures/temporary-folders.ts helps).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Caches tools keep in the temporary directory on purpose (tsx's compile cache, when the CLI runs from source). */
const TOOL_CACHES = /^tsx-\d+$/;

export default function useOneTemporaryDirectoryPerRun(): () => void {
  const before = process.env["TMPDIR"];
  const folder = mkdtempSync(join(tmpdir(), "glidepath-test-run-"));
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
