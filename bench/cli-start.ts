// CLI start-up for `npm run bench`: wall time of `glidepath --version` and `--help` from the build (dist/cli/,
// rebuilt first) and from the TypeScript sources (GLIDEPATH_CLI_FROM_SOURCE=1), median of a few runs, beside
// an empty `node` for scale. Numbers, not assertions: this machine is shared and noisy.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { bundleCli } from "../cli/bundle.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);

function medianMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, { env, stdio: "ignore" });
    walls.push(performance.now() - started);
  }
  walls.sort((x, y) => x - y);
  return Math.round(walls[Math.floor(walls.length / 2)]!);
}

await bundleCli({ root: process.cwd() });
const fromSource = { ...process.env, GLIDEPATH_CLI_FROM_SOURCE: "1" };
const results = [
  { name: "node -e '' (for scale)", medianMs: medianMs(["-e", ""]) },
  { name: "glidepath --version (built)", medianMs: medianMs(["cli/bin.js", "--version"]) },
  { name: "glidepath --help (built)", medianMs: medianMs(["cli/bin.js", "--help"]) },
  { name: "glidepath --version (from source, tsx)", medianMs: medianMs(["cli/bin.js", "--version"], fromSource) },
  { name: "glidepath --help (from source, tsx)", medianMs: medianMs(["cli/bin.js", "--help"], fromSource) },
];

if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ runs: RUNS, results }, null, 2)}\n`);
else {
  process.stdout.write(`CLI start-up (median of ${RUNS} runs, wall time)\n`);
  for (const r of results) process.stdout.write(`  ${r.name.padEnd(50)} ${String(r.medianMs).padStart(6)} ms\n`);
}
