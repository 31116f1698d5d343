// The test run's own temporary directory (test/temporary-directory.ts) catches a test that leaves files behind.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import useOneTemporaryDirectoryPerRun from "../temporary-directory.ts";

const exitCodeBefore = process.exitCode;
afterEach(() => {
  process.exitCode = exitCodeBefore;
  vi.restoreAllMocks();
});

describe("one temporary directory per test run", () => {
  it("names what a test left behind, removes it and fails the run", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const teardown = useOneTemporaryDirectoryPerRun();
    const leaked = mkdtempSync(join(tmpdir(), "glidepath-forgotten-"));
    teardown();
    expect(existsSync(leaked)).toBe(false);
    expect(process.exitCode).toBe(1);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining(leaked.split("/").at(-1)!));
  });

  it("leaves tsx's compile cache out of the count", () => {
    const stderr = vi.spyOn(process.stderr, "write");
    const teardown = useOneTemporaryDirectoryPerRun();
    mkdirSync(join(tmpdir(), "tsx-0"));
    teardown();
    expect(process.exitCode).toBe(exitCodeBefore);
    expect(stderr).not.toHaveBeenCalled();
  });

  it("removes the folder a killed run left behind, and keeps a running one's", () => {
    const endedPid = spawnSync(process.execPath, ["-e", ""]).pid;
    const killedRun = join(tmpdir(), `glidepath-test-run-${endedPid}-abc123`);
    const runningRun = join(tmpdir(), `glidepath-test-run-${process.pid}-def456`);
    mkdirSync(killedRun);
    mkdirSync(runningRun);
    const teardown = useOneTemporaryDirectoryPerRun();
    teardown();
    expect(existsSync(killedRun)).toBe(false);
    expect(existsSync(runningRun)).toBe(true);
    rmSync(runningRun, { recursive: true });
  });

  it("passes quietly when every test cleaned up, and gives TMPDIR back", () => {
    const tmpdirBefore = process.env["TMPDIR"];
    const stderr = vi.spyOn(process.stderr, "write");
    const teardown = useOneTemporaryDirectoryPerRun();
    const run = tmpdir();
    expect(run).toContain("glidepath-test-run-");
    teardown();
    expect(existsSync(run)).toBe(false);
    expect(process.exitCode).toBe(exitCodeBefore);
    expect(stderr).not.toHaveBeenCalled();
    expect(process.env["TMPDIR"]).toBe(tmpdirBefore);
  });
});
