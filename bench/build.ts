// `npm run build`: bundles every Lambda (stacks/bundle.ts) and prints each bundle's size.
// `--json` prints the same as JSON for scripts; other arguments name the only functions to build.
import { bundleFunctions } from "../stacks/bundle.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
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
  for (const b of bundles) console.log(`${b.id.padEnd(width)}  ${kb(b.bytes).padStart(10)}  functions/${b.file}.ts`);
  const total = bundles.reduce((sum, b) => sum + b.bytes, 0);
  console.log(`${"total".padEnd(width)}  ${kb(total).padStart(10)}  ${bundles.length} bundles in ${seconds.toFixed(1)} s`);
}
