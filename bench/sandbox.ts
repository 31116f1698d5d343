// Sandbox throughput for `npm run bench`: sandbox start-up, a two-release scenario (first deploy, then a good
// canary) in wall time and CPU time, the simulated deployments per minute one core sustains, and the CPU
// one generated fuzz run costs. Numbers, not assertions: this machine is shared and noisy, so CPU time (what
// a run costs whatever else runs) is reported beside wall time.
import "../local/polyfills.ts";
import { performance } from "node:perf_hooks";
import { fuzz } from "../local/fuzz/fuzz.ts";
import { startSandbox } from "../local/sandbox/sandbox.ts";
import { runScenario } from "../local/scenario/run-scenario.ts";
import { parseScenario, type ScenarioInput } from "../local/scenario/schema.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
const FUZZ_RUNS = Number(process.env["BENCH_FUZZ_RUNS"] ?? 20);
/** The fuzz benchmark's seed: the same generated scenarios every time, so runs compare. */
const FUZZ_SEED = 20261203;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function measure(work: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  return { wallMs: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

/** Median of each measure over RUNS runs, after one warm-up run (module loading and JIT are not per run). */
async function medianOf(work: () => Promise<unknown>): Promise<Timing> {
  await work();
  const timings: Timing[] = [];
  for (let i = 0; i < RUNS; i++) timings.push(await measure(work));
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { wallMs: Math.round(median(timings.map((t) => t.wallMs))), cpuMs: Math.round(median(timings.map((t) => t.cpuMs))) };
}

function scenario(input: ScenarioInput) {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.scenario;
}

const twoReleases = scenario({ deployments: [{ commit: "v1" }, { commit: "v2" }] });
const threeReleases = scenario({ deployments: [{ commit: "v1" }, { commit: "v2" }, { commit: "v3", errorRate: 0.2 }] });

const start = await medianOf(async () => (await startSandbox({ traffic: "synthetic" })).close());
const two = await medianOf(() => runScenario(twoReleases));
const three = await medianOf(() => runScenario(threeReleases));
// What AWS's wire format costs: the same scenario with the simulator's direct answers (the fuzzer's default).
const twoDirect = await medianOf(() => runScenario(twoReleases, { answer: "direct" }));
const fuzzCpu = process.cpuUsage();
const fuzzed = await fuzz({ runs: FUZZ_RUNS, seed: FUZZ_SEED, shrinkBudget: 0 });
const fuzzCpuMsPerRun = Math.round(cpuMsSince(fuzzCpu) / fuzzed.runs);
const fuzzWireCpu = process.cpuUsage();
const fuzzedWire = await fuzz({ runs: FUZZ_RUNS, seed: FUZZ_SEED, shrinkBudget: 0, answer: "wire" });
const fuzzWireCpuMsPerRun = Math.round(cpuMsSince(fuzzWireCpu) / fuzzedWire.runs);

const results = {
  runs: RUNS,
  sandboxStart: start,
  twoReleaseScenario: two,
  threeReleaseScenario: three,
  twoReleaseScenarioDirectAnswers: twoDirect,
  /** Two deployments per two-release scenario, over the CPU it took: what one core sustains. */
  deploymentsPerMinutePerCore: Math.round((2 * 60_000) / two.cpuMs),
  /** Scenario CPU beyond sandbox start-up, per deployment. */
  perDeploymentCpuMs: Math.round((two.cpuMs - start.cpuMs) / 2),
  fuzz: { runs: fuzzed.runs, seed: FUZZ_SEED, cpuMsPerRun: fuzzCpuMsPerRun, runsPerMinute: Math.round(fuzzed.runsPerMinute), failing: fuzzed.failures.length, wireCpuMsPerRun: fuzzWireCpuMsPerRun },
};

if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  const line = (name: string, t: Timing) => `  ${name.padEnd(48)} median ${String(t.wallMs).padStart(6)} ms wall ${String(t.cpuMs).padStart(6)} ms CPU\n`;
  process.stdout.write(`Sandbox throughput (medians of ${RUNS} runs after a warm-up)\n`);
  process.stdout.write(line("sandbox start-up (and close)", start));
  process.stdout.write(line("two releases (first deploy, good canary)", two));
  process.stdout.write(line("three releases (first, good canary, bad canary)", three));
  process.stdout.write(line("two releases, simulator's direct answers (no wire)", twoDirect));
  process.stdout.write(`  simulated deployments per minute per core        ${results.deploymentsPerMinutePerCore} (${results.perDeploymentCpuMs} ms CPU per deployment beyond start-up)\n`);
  process.stdout.write(
    `  fuzz: ${fuzzed.runs} generated runs (seed ${FUZZ_SEED})                ${fuzzCpuMsPerRun} ms CPU per run (${fuzzWireCpuMsPerRun} through the wire), ${results.fuzz.runsPerMinute} runs/min wall, ${fuzzed.failures.length} failing\n`,
  );
}
