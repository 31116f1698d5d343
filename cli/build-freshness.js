// Decides whether cli/bin.js may run the built CLI (dist/cli/, made by cli/bundle.ts) or must compile the
// TypeScript sources with tsx. Plain JavaScript: it runs before anything can compile TypeScript.
//
// A build is fresh when every file that went into it (build.json lists them: our sources, package.json and the
// build settings) still has the modification time and size it had when built. Comparing for equality, not
// "newer than", also catches a file put back with an older time (a checkout of an older commit, an extracted
// archive). One stat per input (~160 files, a few milliseconds) costs far less than reading and hashing them,
// and a developer who edits a source file never runs the stale build: the next call compiles from source.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The built entry file to import, or undefined when there is no build, it is stale, or it cannot be read.
 * @param {string} root the project folder (paths in build.json are relative to it)
 * @param {string} [buildDir] the build's folder (default root/dist/cli)
 * @returns {string | undefined}
 */
export function freshBuildEntry(root, buildDir = join(root, "dist", "cli")) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(buildDir, "build.json"), "utf8"));
  } catch {
    return undefined;
  }
  for (const [path, built] of Object.entries(manifest.inputs ?? {})) {
    let stats;
    try {
      stats = statSync(join(root, path));
    } catch {
      return undefined;
    }
    if (stats.mtimeMs !== built.mtimeMs || stats.size !== built.size) return undefined;
  }
  return typeof manifest.entry === "string" ? join(buildDir, manifest.entry) : undefined;
}
