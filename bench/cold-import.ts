// Cold start for `npm run bench`: how long a fresh `node` takes to import the Lambda bundle whose cold start
// loads the most (its entry and static imports; a chunk loaded on first use, e.g. the ALB mover, is not
// imported, as a Route 53 app/env's cold start does not), beside the time to import a bare
// `@aws-sdk/client-ssm` client and construct it, alternating the two so that the machine's noise falls on both
// alike. Reports medians and their ratio; numbers, not assertions. Beside each wall time it reports the CPU time
// the fresh process spent (user + system, read by the process as it exits): on a machine other work shares, a
// process waiting for a core adds to its wall time but not to its CPU time, so that ratio holds steadier.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { median } from "simple-statistics";
import { bundleFunctions } from "../stacks/bundle.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 11);

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** One fresh `node` running `source`: its wall time, and the CPU time it reports when done. */
function run(source: string): Run {
  const started = performance.now();
  const reportCpu = 'const { user, system } = process.cpuUsage(); process.stdout.write(String((user + system) / 1000));';
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", `${source}\n${reportCpu}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return { wallMs: performance.now() - started, cpuMs: Number(output) };
}

const medianOf = (runs: Run[], key: keyof Run) => median(runs.map((one) => one[key]));

const outDir = mkdtempSync(join(tmpdir(), "glidepath-cold-import-"));
try {
  const bundles = await bundleFunctions({ root: process.cwd(), outDir });
  const largest = bundles.reduce((a, b) => (b.coldBytes > a.coldBytes ? b : a));
  const importBundle = `await import(${JSON.stringify(pathToFileURL(largest.outfile).href)});`;
  const bareSsm = `const { SSMClient } = await import("@aws-sdk/client-ssm"); new SSMClient({ region: "us-east-1" });`;
  const bundleRuns: Run[] = [];
  const ssmRuns: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    bundleRuns.push(run(importBundle));
    ssmRuns.push(run(bareSsm));
  }
  const result = {
    runs: RUNS,
    largestBundle: { id: largest.id, coldBytes: largest.coldBytes, bytes: largest.bytes, importMedianMs: Math.round(medianOf(bundleRuns, "wallMs")), cpuMedianMs: Math.round(medianOf(bundleRuns, "cpuMs")) },
    bareSsmClient: { importMedianMs: Math.round(medianOf(ssmRuns, "wallMs")), cpuMedianMs: Math.round(medianOf(ssmRuns, "cpuMs")) },
    ratio: Number((medianOf(bundleRuns, "wallMs") / medianOf(ssmRuns, "wallMs")).toFixed(2)),
    cpuRatio: Number((medianOf(bundleRuns, "cpuMs") / medianOf(ssmRuns, "cpuMs")).toFixed(2)),
    totalBytes: bundles.reduce((sum, b) => sum + b.bytes, 0),
  };
  if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`Cold import (median of ${RUNS} alternating runs of a fresh node: wall time, CPU time)\n`);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const times = (side: { importMedianMs: number; cpuMedianMs: number }) => `${side.importMedianMs} ms, CPU ${side.cpuMedianMs} ms`;
    process.stdout.write(`  largest cold start ${largest.id} (${kb(largest.coldBytes)} loaded of ${kb(largest.bytes)} shipped)  ${times(result.largestBundle)}\n`);
    process.stdout.write(`  bare @aws-sdk/client-ssm, imported and constructed  ${times(result.bareSsmClient)}\n`);
    process.stdout.write(`  ratio ${result.ratio}, CPU ${result.cpuRatio} (goal ≤ 0.6); all bundles ${(result.totalBytes / 1024).toFixed(0)} KB shipped\n`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
