// Bundles the CLI into dist/cli/ so `glidepath` starts from JavaScript instead of compiling TypeScript on every
// call (1.2–1.6 s). cli/bin.js runs the bundle only while build.json says it matches the sources (build-freshness.js).
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "esbuild";

/** The build settings are an input too: a change to this file makes every earlier build stale. */
const THIS_FILE = "cli/bundle.ts";

export interface CliBuild {
  outDir: string;
  /** Files written (the entry and the chunks each command loads on demand), with their sizes. */
  outputs: Array<{ file: string; bytes: number }>;
  inputCount: number;
}

/** Bundles cli/main.ts into `outDir` (default dist/cli) and writes build.json, the list its freshness is judged by. */
export async function bundleCli(options: { root: string; outDir?: string }): Promise<CliBuild> {
  const root = resolve(options.root);
  const outDir = resolve(root, options.outDir ?? "dist/cli");
  // Built beside the old build and swapped in whole, so a `glidepath` started meanwhile never sees half of each.
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    outdir: staging,
    bundle: true,
    // Each command's module is its own chunk, loaded only when that command runs.
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages stay in node_modules: the bundle is only our own code, so it is small and builds in a second.
    packages: "external",
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
  });
  const inputs: Record<string, { mtimeMs: number; size: number }> = {};
  for (const path of [...Object.keys(result.metafile.inputs), THIS_FILE]) {
    const stats = statSync(join(root, path));
    // Edited while esbuild was reading it: which version went in is unknown, so this build never counts as fresh.
    inputs[path] = { mtimeMs: stats.mtimeMs >= startedAt ? -1 : stats.mtimeMs, size: stats.size };
  }
  writeFileSync(join(staging, "build.json"), `${JSON.stringify({ entry: "main.js", builtAt: new Date().toISOString(), inputs }, null, 1)}\n`);
  swapIn(staging, outDir);
  const outputs = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith(".js"))
    .map(([file, { bytes }]) => ({ file: relative(staging, join(root, file)), bytes }));
  return { outDir, outputs, inputCount: Object.keys(inputs).length };
}

function swapIn(staging: string, outDir: string): void {
  const old = `${outDir}.old-${process.pid}`;
  mkdirSync(resolve(outDir, ".."), { recursive: true });
  try {
    renameSync(outDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  renameSync(staging, outDir);
  rmSync(old, { recursive: true, force: true });
}
