// Bundles every catalog function into dist/functions/<id>/ with esbuild: index.mjs, and a chunk for each part
// a handler imports dynamically (the ALB mover: adapters/env/traffic.ts), which loads only on first use. The
// stacks deploy exactly these files, and `npm run build` reports both what a cold start loads and what is
// shipped, so what is measured is what is deployed. An event handler's file is its entry; a Task's entry is
// generated from its catalog entry (stacks/task-entry.ts).
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type BuildOptions, type Metafile, type Plugin } from "esbuild";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS, type FunctionSpec } from "../functions/catalog.ts";
import { noEventStreams } from "./no-event-streams.ts";
import { sdkNativeSha256 } from "./sdk-native-sha256.ts";
import { sdkPackageInfo } from "./sdk-package-info.ts";
import { sdkSchemas } from "./sdk-schemas-plugin.ts";
import { taskEntrySource } from "./task-entry.ts";

export interface Bundle {
  id: string;
  file: string;
  /** The entry the Lambda runtime imports (`index.mjs`). */
  outfile: string;
  /** Every file of the function's code, the entry first: all are deployed. */
  files: string[];
  /** Bytes shipped: the entry and every chunk. */
  bytes: number;
  /** Bytes a cold start loads: the entry and the chunks it imports statically, not those imported on first use. */
  coldBytes: number;
  /** esbuild's account of what went in, its outputs being the files shipped (`npm run build -- --analyze` sums it by package). */
  metafile: Metafile;
}

export const CATALOG: Record<string, FunctionSpec> = { ...TASK_FUNCTIONS, ...EVENT_FUNCTIONS };

/** Some dependencies still `require()` Node built-ins; ESM bundles need a `require` to give them. */
const REQUIRE_BANNER = 'import { createRequire as __glidepathCreateRequire } from "node:module"; const require = __glidepathCreateRequire(import.meta.url);';

/** Keeps only the SDK schemas, errors, package fields, protocols, hashes, credential sources and caches a Lambda uses (each file says why). */
export function lambdaOnly(root: string): Pick<BuildOptions, "plugins" | "alias"> {
  return {
    plugins: [sdkSchemas, sdkPackageInfo, noEventStreams, sdkNativeSha256],
    alias: {
      "@aws-sdk/credential-provider-node": resolve(root, "functions/shell/lambda-credentials.ts"),
      "@aws-sdk/endpoint-cache": resolve(root, "functions/shell/endpoint-cache.ts"),
    },
  };
}

/** Task entries are generated (stacks/task-entry.ts): esbuild reads each from this namespace by the Task's id. */
const TASK_ENTRY = "glidepath-task-entry";

function taskEntries(functionsDir: string): Plugin {
  return {
    name: TASK_ENTRY,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${TASK_ENTRY}:`) }, ({ path }) => ({ path: path.slice(TASK_ENTRY.length + 1), namespace: TASK_ENTRY }));
      build.onLoad({ filter: /.*/, namespace: TASK_ENTRY }, ({ path }) => ({
        contents: taskEntrySource(TASK_FUNCTIONS[path as keyof typeof TASK_FUNCTIONS], functionsDir),
        resolveDir: functionsDir,
        loader: "ts",
      }));
    },
  };
}

/** What esbuild starts from: the event handler's file, or the Task's generated entry. */
function entryOf(id: string, spec: FunctionSpec, functionsDir: string): string {
  return id in TASK_FUNCTIONS ? `${TASK_ENTRY}:${id}` : join(functionsDir, `${spec.file}.ts`);
}

/**
 * The output files reachable from the entry through imports of these kinds, the entry first: with
 * `import-statement` alone, what a cold start loads; with `dynamic-import` too, everything that can ever load.
 */
function reachable(metafile: Metafile, entry: string, kinds: ReadonlyArray<string>): string[] {
  const found = new Set<string>();
  const visit = (path: string) => {
    if (found.has(path) || !metafile.outputs[path]) return;
    found.add(path);
    for (const imported of metafile.outputs[path]!.imports) if (kinds.includes(imported.kind)) visit(imported.path);
  };
  visit(entry);
  return [...found];
}

/** Bytes each input module puts in a function's shipped files, summed over the entry and its chunks. */
export function bytesByInput(metafile: Metafile): Map<string, number> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) totals.set(path, (totals.get(path) ?? 0) + bytesInOutput);
  }
  return totals;
}

export async function bundleFunctions(options: { root: string; outDir?: string; only?: string[] }): Promise<Bundle[]> {
  const outDir = resolve(options.root, options.outDir ?? "dist/functions");
  const functionsDir = resolve(options.root, "functions");
  const ids = Object.keys(CATALOG).filter((id) => !options.only || options.only.includes(id));
  const lambda = lambdaOnly(options.root);
  return Promise.all(
    ids.map(async (id) => {
      const spec = CATALOG[id]!;
      const functionDir = join(outDir, id);
      // A chunk left over from an earlier build would be deployed with this one.
      rmSync(functionDir, { recursive: true, force: true });
      mkdirSync(functionDir, { recursive: true });
      const result = await build({
        entryPoints: [{ in: entryOf(id, spec, functionsDir), out: "index" }],
        outdir: functionDir,
        outExtension: { ".js": ".mjs" },
        bundle: true,
        // Dynamic imports become chunks loaded on first use (see the file comment).
        splitting: true,
        chunkNames: "chunk-[hash]",
        platform: "node",
        format: "esm",
        target: "node22",
        minify: true,
        // Prefer packages' ESM builds: smaller bundles, faster cold import.
        mainFields: ["module", "main"],
        banner: { js: REQUIRE_BANNER },
        plugins: [taskEntries(functionsDir), ...(lambda.plugins ?? [])],
        alias: lambda.alias,
        absWorkingDir: options.root,
        metafile: true,
        logLevel: "silent",
      });
      const outputs = result.metafile.outputs;
      const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!;
      const sum = (paths: string[]) => paths.reduce((total, path) => total + outputs[path]!.bytes, 0);
      // esbuild also makes a chunk for a dynamic import in code it then drops (the SDK's browser user-agent
      // parser): no import in the output reaches it, so it can never load, and it is neither kept nor counted.
      const files = reachable(result.metafile, entry, ["import-statement", "dynamic-import"]);
      for (const path of Object.keys(outputs)) {
        if (files.includes(path)) continue;
        rmSync(resolve(options.root, path));
        delete outputs[path];
      }
      return {
        id,
        file: spec.file,
        outfile: resolve(options.root, entry),
        files: files.map((path) => resolve(options.root, path)),
        bytes: sum(files),
        coldBytes: sum(reachable(result.metafile, entry, ["import-statement"])),
        metafile: result.metafile,
      };
    }),
  );
}
