// Sandbox timings for `npm run bench`: how long one simulated deployment and a three-release scenario take
// in wall time with the virtual clock (waits cost nothing), over a few runs. Numbers, not assertions: this
// machine is shared and noisy.
import "../local/polyfills.ts";
import { performance } from "node:perf_hooks";
import { runScenario } from "../local/scenario/run-scenario.ts";
import { parseScenario, type ScenarioInput } from "../local/scenario/schema.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);

async function time(name: string, input: ScenarioInput): Promise<{ name: string; medianMs: number; minMs: number; virtualMinutes: number }> {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const walls: number[] = [];
  let virtualSeconds = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    virtualSeconds = (await runScenario(parsed.scenario)).virtualSeconds;
    walls.push(performance.now() - started);
  }
  walls.sort((x, y) => x - y);
  return { name, medianMs: Math.round(walls[Math.floor(walls.length / 2)]!), minMs: Math.round(walls[0]!), virtualMinutes: Math.round(virtualSeconds / 6) / 10 };
}

const results = [
  await time("one deployment (first deploy)", { deployments: [{ commit: "v1" }] }),
  await time("three releases (first, good canary, bad canary)", { deployments: [{ commit: "v1" }, { commit: "v2" }, { commit: "v3", errorRate: 0.2 }] }),
];

if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ runs: RUNS, results }, null, 2)}\n`);
else {
  process.stdout.write(`Sandbox timings (${RUNS} runs each; sandbox start-up included)\n`);
  for (const r of results)
    process.stdout.write(`  ${r.name.padEnd(50)} median ${String(r.medianMs).padStart(6)} ms  min ${String(r.minMs).padStart(6)} ms  (${r.virtualMinutes} virtual min)\n`);
}
