// Builds the flags client services import as `glidepath/flags` (package.json "exports") into dist/flags/client.js:
// plain JavaScript for Node 20+, the package's dependencies left as imports. The AWS SDK stays a dynamic
// import inside the client, so a service that passes no SSM client never loads it.
import { resolve } from "node:path";
import { build } from "esbuild";

export async function bundleFlagsClient(options: { root: string; outDir?: string }): Promise<{ file: string; bytes: number }> {
  const root = resolve(options.root);
  const outDir = resolve(root, options.outDir ?? "dist/flags");
  const result = await build({
    absWorkingDir: root,
    entryPoints: { client: "functions/flags/client.ts" },
    outdir: outDir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    metafile: true,
    logLevel: "warning",
  });
  const [file, output] = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith(".js"))!;
  return { file: resolve(root, file), bytes: output.bytes };
}
