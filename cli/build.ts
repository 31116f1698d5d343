// `npm run build:cli` builds dist/cli/ and prints what it wrote. `npm ci` and `npm install` run it too (the
// `prepare` script, with --if-possible): there a failed build only says so, because bin.js falls back to the
// sources and an install should not fail over a half-edited file; the CLI bundle test catches a broken build.
const ifPossible = process.argv.includes("--if-possible");
const started = performance.now();
try {
  const { bundleCli } = await import("./bundle.ts");
  const built = await bundleCli({ root: process.cwd() });
  const kb = built.outputs.reduce((sum, output) => sum + output.bytes, 0) / 1024;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`glidepath CLI built in ${built.outDir}: ${built.outputs.length} files, ${kb.toFixed(0)} KB from ${built.inputCount} inputs in ${seconds.toFixed(1)} s\n`);
} catch (error) {
  if (!ifPossible) throw error;
  process.stderr.write(`glidepath CLI not built (${(error as Error).message.split("\n")[0]}); the glidepath command compiles its sources instead, more slowly\n`);
}
