// Bundles every catalog function into dist/functions/<id>/index.mjs with esbuild. The stacks deploy exactly
// these bundles, and `npm run build` reports their sizes, so what is measured is what is shipped. An event
// handler's file is its entry; a Task's entry is generated from its catalog entry (stacks/task-entry.ts).
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS, type FunctionSpec } from "../functions/catalog.ts";
import { noEventStreams } from "./no-event-streams.ts";
import { sdkNativeSha256 } from "./sdk-native-sha256.ts";
import { sdkPackageInfo } from "./sdk-package-info.ts";
import { sdkSchemas } from "./sdk-schemas-plugin.ts";
import { taskEntrySource } from "./task-entry.ts";

export interface Bundle {
  id: string;
  file: string;
  outfile: string;
  bytes: number;
  /** esbuild's account of what went in (`npm run build -- --analyze` sums it by package). */
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

/** What esbuild starts from: the event handler's file, or the Task's generated entry. */
function entryOf(id: string, spec: FunctionSpec, functionsDir: string): Pick<BuildOptions, "entryPoints" | "stdin"> {
  if (!(id in TASK_FUNCTIONS)) return { entryPoints: [join(functionsDir, `${spec.file}.ts`)] };
  return { stdin: { contents: taskEntrySource(spec, functionsDir), resolveDir: functionsDir, sourcefile: `${spec.file}.entry.ts`, loader: "ts" } };
}

export async function bundleFunctions(options: { root: string; outDir?: string; only?: string[] }): Promise<Bundle[]> {
  const outDir = resolve(options.root, options.outDir ?? "dist/functions");
  const ids = Object.keys(CATALOG).filter((id) => !options.only || options.only.includes(id));
  return Promise.all(
    ids.map(async (id) => {
      const spec = CATALOG[id]!;
      const outfile = join(outDir, id, "index.mjs");
      mkdirSync(join(outDir, id), { recursive: true });
      const result = await build({
        ...entryOf(id, spec, resolve(options.root, "functions")),
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node22",
        minify: true,
        // Prefer packages' ESM builds: smaller bundles, faster cold import.
        mainFields: ["module", "main"],
        banner: { js: REQUIRE_BANNER },
        ...lambdaOnly(options.root),
        metafile: true,
        logLevel: "silent",
      });
      const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.bytes;
      return { id, file: spec.file, outfile, bytes, metafile: result.metafile };
    }),
  );
}
