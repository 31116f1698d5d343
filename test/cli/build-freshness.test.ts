// cli/bin.js runs the built CLI only while every input is as it was at build time; otherwise the sources.
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshBuildEntry } from "../../cli/build-freshness.js";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

const temporaryFolder = useTemporaryFolders("glidepath-freshness-");

/** A project with two sources and a build of them, recorded as cli/bundle.ts records one. */
function aBuiltProject(): { root: string; buildDir: string; entry: string } {
  const root = temporaryFolder();
  mkdirSync(join(root, "cli"));
  writeFileSync(join(root, "cli", "main.ts"), "console.log('main');\n");
  writeFileSync(join(root, "package.json"), '{"version": "1.0.0"}\n');
  const buildDir = join(root, "dist", "cli");
  mkdirSync(buildDir, { recursive: true });
  const inputs = Object.fromEntries(["cli/main.ts", "package.json"].map((path) => [path, { mtimeMs: statSync(join(root, path)).mtimeMs, size: statSync(join(root, path)).size }]));
  writeFileSync(join(buildDir, "build.json"), JSON.stringify({ entry: "main.js", inputs }));
  return { root, buildDir, entry: join(buildDir, "main.js") };
}

describe("build freshness", () => {
  it("runs the build while every input is unchanged", () => {
    const { root, entry } = aBuiltProject();
    expect(freshBuildEntry(root)).toBe(entry);
  });

  it("runs the sources when there is no build", () => {
    const { root, buildDir } = aBuiltProject();
    rmSync(buildDir, { recursive: true });
    expect(freshBuildEntry(root)).toBeUndefined();
  });

  it("runs the sources after a source is edited", () => {
    const { root } = aBuiltProject();
    const file = join(root, "cli", "main.ts");
    writeFileSync(file, "console.log('edited');\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(freshBuildEntry(root)).toBeUndefined();
  });

  it("runs the sources after a source is put back with an older time, as a checkout of an older commit can", () => {
    const { root } = aBuiltProject();
    const file = join(root, "cli", "main.ts");
    utimesSync(file, new Date("2020-01-01"), new Date("2020-01-01"));
    expect(freshBuildEntry(root)).toBeUndefined();
  });

  it("runs the sources when an edit keeps the time but changes the size", () => {
    const { root } = aBuiltProject();
    const file = join(root, "package.json");
    const { atime, mtime } = statSync(file);
    writeFileSync(file, '{"version": "1.0.1-rc"}\n');
    utimesSync(file, atime, mtime);
    expect(freshBuildEntry(root)).toBeUndefined();
  });

  it("runs the sources when an input is gone", () => {
    const { root } = aBuiltProject();
    rmSync(join(root, "cli", "main.ts"));
    expect(freshBuildEntry(root)).toBeUndefined();
  });

  it("runs the sources when the build record is unreadable", () => {
    const { root, buildDir } = aBuiltProject();
    writeFileSync(join(buildDir, "build.json"), "{ half-written");
    expect(freshBuildEntry(root)).toBeUndefined();
  });
});
