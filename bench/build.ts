// `npm run build`: bundles every Lambda (stacks/bundle.ts) and prints each bundle's size.
// `--json` prints the same as JSON for scripts; `--analyze` adds each bundle's largest packages (from esbuild's
// metafile); other arguments name the only functions to build.
import type { Metafile } from "esbuild";
import { bundleFunctions } from "../stacks/bundle.ts";

/** Issue 9's goal for one minified bundle. */
const GOAL_BYTES = 300 * 1024;

/** Output bytes by npm package (or by project folder), largest first. */
function bytesByPackage(metafile: Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split("/").slice(0, 2).join("/");
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].sort((x, y) => y[1] - x[1]);
}

const args = process.argv.slice(2);
const json = args.includes("--json");
const analyze = args.includes("--analyze");
const only = args.filter((arg) => !arg.startsWith("--"));
const started = performance.now();
const bundles = await bundleFunctions({ root: process.cwd(), ...(only.length > 0 ? { only } : {}) });
const seconds = (performance.now() - started) / 1000;

if (json) {
  console.log(JSON.stringify({ seconds, bundles: bundles.map(({ id, file, bytes }) => ({ id, file, bytes })) }, null, 2));
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const width = Math.max(...bundles.map((b) => b.id.length), 8);
  console.log(`${"function".padEnd(width)}  ${"size".padStart(10)}  entry`);
  for (const b of bundles) {
    console.log(`${b.id.padEnd(width)}  ${kb(b.bytes).padStart(10)}  functions/${b.file}.ts`);
    if (analyze) for (const [name, bytes] of bytesByPackage(b.metafile).slice(0, 8)) console.log(`${"".padEnd(width)}  ${kb(bytes).padStart(10)}    ${name}`);
  }
  const total = bundles.reduce((sum, b) => sum + b.bytes, 0);
  console.log(`${"total".padEnd(width)}  ${kb(total).padStart(10)}  ${bundles.length} bundles in ${seconds.toFixed(1)} s`);
  const over = bundles.filter((b) => b.bytes > GOAL_BYTES).map((b) => b.id);
  console.log(`${over.length} of ${bundles.length} over the ${kb(GOAL_BYTES)} goal${over.length > 0 ? `: ${over.join(", ")}` : ""}`);
}
