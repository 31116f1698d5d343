// Cold start for `npm run bench`: how long a fresh `node` takes to import the Lambda bundle whose cold start
// loads the most (its entry and static imports; a chunk loaded on first use, e.g. the ALB mover, is not
// imported, as a Route 53 app/env's cold start does not), beside the time to import a bare
// `@aws-sdk/client-ssm` client and construct it, alternating the two so that the machine's noise falls on both
// alike. Reports medians and their ratio; numbers, not assertions.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { median } from "simple-statistics";
import { bundleFunctions } from "../stacks/bundle.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 11);

function wallMs(source: string): number {
  const started = performance.now();
  execFileSync(process.execPath, ["--input-type=module", "-e", source], { stdio: "ignore" });
  return performance.now() - started;
}

const outDir = mkdtempSync(join(tmpdir(), "glidepath-cold-import-"));
try {
  const bundles = await bundleFunctions({ root: process.cwd(), outDir });
  const largest = bundles.reduce((a, b) => (b.coldBytes > a.coldBytes ? b : a));
  const importBundle = `await import(${JSON.stringify(pathToFileURL(largest.outfile).href)});`;
  const bareSsm = `const { SSMClient } = await import("@aws-sdk/client-ssm"); new SSMClient({ region: "us-east-1" });`;
  const bundleWalls: number[] = [];
  const ssmWalls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bundleWalls.push(wallMs(importBundle));
    ssmWalls.push(wallMs(bareSsm));
  }
  const result = {
    runs: RUNS,
    largestBundle: { id: largest.id, coldBytes: largest.coldBytes, bytes: largest.bytes, importMedianMs: Math.round(median(bundleWalls)) },
    bareSsmClient: { importMedianMs: Math.round(median(ssmWalls)) },
    ratio: Number((median(bundleWalls) / median(ssmWalls)).toFixed(2)),
    totalBytes: bundles.reduce((sum, b) => sum + b.bytes, 0),
  };
  if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(`Cold import (median of ${RUNS} alternating runs, wall time of a fresh node)\n`);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    process.stdout.write(`  largest cold start ${largest.id} (${kb(largest.coldBytes)} loaded of ${kb(largest.bytes)} shipped)  ${result.largestBundle.importMedianMs} ms\n`);
    process.stdout.write(`  bare @aws-sdk/client-ssm, imported and constructed  ${result.bareSsmClient.importMedianMs} ms\n`);
    process.stdout.write(`  ratio ${result.ratio} (goal ≤ 0.6); all bundles ${(result.totalBytes / 1024).toFixed(0)} KB\n`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
