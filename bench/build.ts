// `npm run build`: bundles every Lambda (stacks/bundle.ts) and prints, for each, what a cold start loads (the
// entry and its static imports, for an app/env on Route 53) and what is shipped (that and every chunk loaded
// on first use, e.g. the ALB mover), both minified. `--json` prints the same as JSON for scripts; `--analyze`
// adds each bundle's largest packages shipped (from esbuild's metafile); other arguments name the only
// functions to build.
import type { Metafile } from "esbuild";
import { bundleFunctions, bytesByInput } from "../stacks/bundle.ts";

/** Issue 9's goal for one minified bundle. */
const GOAL_BYTES = 300 * 1024;

/** Output bytes by npm package (or by project folder), largest first. */
function bytesByPackage(metafile: Metafile): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const [path, bytes] of bytesByInput(metafile)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split("/").slice(0, 2).join("/");
    totals.set(name, (totals.get(name) ?? 0) + bytes);
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

const total = (key: "bytes" | "coldBytes") => bundles.reduce((sum, b) => sum + b[key], 0);
const over = (key: "bytes" | "coldBytes") => bundles.filter((b) => b[key] > GOAL_BYTES).map((b) => b.id);

if (json) {
  const rows = bundles.map(({ id, file, coldBytes, bytes, files }) => ({ id, file, coldBytes, bytes, files: files.length }));
  console.log(JSON.stringify({ seconds, bundles: rows, total: { coldBytes: total("coldBytes"), bytes: total("bytes") }, over: { coldBytes: over("coldBytes"), bytes: over("bytes") } }, null, 2));
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const width = Math.max(...bundles.map((b) => b.id.length), 8);
  console.log(`${"function".padEnd(width)}  ${"cold start".padStart(10)}  ${"shipped".padStart(10)}  files  entry`);
  for (const b of bundles) {
    console.log(`${b.id.padEnd(width)}  ${kb(b.coldBytes).padStart(10)}  ${kb(b.bytes).padStart(10)}  ${String(b.files.length).padStart(5)}  functions/${b.file}.ts`);
    if (analyze) for (const [name, bytes] of bytesByPackage(b.metafile).slice(0, 8)) console.log(`${"".padEnd(width)}  ${"".padStart(10)}  ${kb(bytes).padStart(10)}    ${name}`);
  }
  console.log(`${"total".padEnd(width)}  ${kb(total("coldBytes")).padStart(10)}  ${kb(total("bytes")).padStart(10)}  ${bundles.length} functions in ${seconds.toFixed(1)} s`);
  const largest = (key: "bytes" | "coldBytes") => bundles.reduce((a, b) => (b[key] > a[key] ? b : a));
  console.log(`largest: cold start ${largest("coldBytes").id} ${kb(largest("coldBytes").coldBytes)}, shipped ${largest("bytes").id} ${kb(largest("bytes").bytes)}`);
  for (const [key, what] of [["coldBytes", "loaded at a cold start"], ["bytes", "shipped"]] as const) {
    const names = over(key);
    console.log(`${names.length} of ${bundles.length} over the ${kb(GOAL_BYTES)} goal ${what}${names.length > 0 ? `: ${names.join(", ")}` : ""}`);
  }
}
