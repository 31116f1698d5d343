// Sandbox throughput for `npm run bench`: sandbox start-up, a two-release scenario (first deploy, then a good
// canary) in wall time and CPU time, the simulated deployments per minute one core sustains, the deployments
// per minute the machine completes with one worker thread per core running scenarios at once, and the CPU
// one generated fuzz run costs. Numbers, not assertions: this machine is shared and noisy, so CPU time (what
// a run costs whatever else runs) is reported beside wall time, and the machine's load beside the total.
import "../local/polyfills.ts";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { fuzz } from "../local/fuzz/fuzz.ts";
import { startSandbox } from "../local/sandbox/sandbox.ts";
import { runScenario } from "../local/scenario/run-scenario.ts";
import type { SimulatorAnswer } from "../local/sim/index.ts";
import type { WorkerReport } from "./sandbox-worker.ts";
import { threeReleases, twoReleases } from "./scenarios.ts";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
/**
 * Runs before measuring: V8 is still compiling hot functions (on threads whose CPU the process is charged)
 * through the first few scenarios, so one warm-up left that in the first measure (two releases cost more
 * CPU than three did).
 */
const WARM_UP_RUNS = Number(process.env["BENCH_WARM_UP_RUNS"] ?? 3);
const FUZZ_RUNS = Number(process.env["BENCH_FUZZ_RUNS"] ?? 20);
/** Worker threads for the whole-machine measurement: one per core. */
const WORKERS = Number(process.env["BENCH_WORKERS"] ?? availableParallelism());
/** A worker thread does not inherit the parent's TypeScript loader: it registers tsx, then loads the worker. */
const TS_WORKER = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL("./sandbox-worker.ts", import.meta.url).href)}); });`;
/** Two-release scenarios each worker runs after its warm-up. */
const WORKER_RUNS = Number(process.env["BENCH_WORKER_RUNS"] ?? 10);
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

/** Median of each measure over RUNS runs, after WARM_UP_RUNS warm-up runs (module loading and JIT are not per run). */
async function medianOf(work: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP_RUNS; i++) await work();
  const timings: Timing[] = [];
  for (let i = 0; i < RUNS; i++) timings.push(await measure(work));
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { wallMs: Math.round(median(timings.map((t) => t.wallMs))), cpuMs: Math.round(median(timings.map((t) => t.cpuMs))) };
}

interface MachineThroughput {
  workers: number;
  deployments: number;
  wallMs: number;
  /** CPU of the whole process (every worker) per deployment. */
  cpuMsPerDeployment: number;
  deploymentsPerMinute: number;
  /** The 1-minute load average when the workers started: other work on the machine shares its cores. */
  loadAverage: number;
}

/**
 * `workers` threads run WORKER_RUNS two-release scenarios each, all starting together once every one has
 * warmed up: deployments completed per minute of wall time, what the whole machine sustains.
 */
async function machineThroughput(workers: number, answer?: SimulatorAnswer): Promise<MachineThroughput> {
  const threads = Array.from({ length: workers }, () => new Worker(TS_WORKER, { eval: true, workerData: { runs: WORKER_RUNS, warmUpRuns: WARM_UP_RUNS, ...(answer ? { answer } : {}) } }));
  try {
    const message = <T>(worker: Worker) =>
      new Promise<T>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    await Promise.all(threads.map((worker) => message<"ready">(worker)));
    const loadAverage = Number(loadavg()[0]!.toFixed(1));
    const cpu = process.cpuUsage();
    const started = performance.now();
    const done = threads.map((worker) => message<WorkerReport>(worker));
    threads.forEach((worker) => worker.postMessage("go"));
    const reports = await Promise.all(done);
    const wallMs = performance.now() - started;
    const deployments = reports.reduce((sum, report) => sum + report.deployments, 0);
    return {
      workers,
      deployments,
      wallMs: Math.round(wallMs),
      cpuMsPerDeployment: Math.round(cpuMsSince(cpu) / deployments),
      deploymentsPerMinute: Math.round((deployments * 60_000) / wallMs),
      loadAverage,
    };
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
}

const start = await medianOf(async () => (await startSandbox({ traffic: "synthetic" })).close());
const two = await medianOf(() => runScenario(twoReleases));
const three = await medianOf(() => runScenario(threeReleases));
// What AWS's wire format costs: the same scenario with the simulator's direct answers (the fuzzer's default).
const twoDirect = await medianOf(() => runScenario(twoReleases, { answer: "direct" }));
const machine = await machineThroughput(WORKERS);
const machineDirect = await machineThroughput(WORKERS, "direct");
const fuzzCpu = process.cpuUsage();
const fuzzed = await fuzz({ runs: FUZZ_RUNS, seed: FUZZ_SEED, shrinkBudget: 0 });
const fuzzCpuMsPerRun = Math.round(cpuMsSince(fuzzCpu) / fuzzed.runs);
const fuzzWireCpu = process.cpuUsage();
const fuzzedWire = await fuzz({ runs: FUZZ_RUNS, seed: FUZZ_SEED, shrinkBudget: 0, answer: "wire" });
const fuzzWireCpuMsPerRun = Math.round(cpuMsSince(fuzzWireCpu) / fuzzedWire.runs);

const results = {
  runs: RUNS,
  warmUpRuns: WARM_UP_RUNS,
  sandboxStart: start,
  twoReleaseScenario: two,
  threeReleaseScenario: three,
  twoReleaseScenarioDirectAnswers: twoDirect,
  /** Two deployments per two-release scenario, over the CPU it took: what one core sustains. */
  deploymentsPerMinutePerCore: Math.round((2 * 60_000) / two.cpuMs),
  /** The same with the simulator's direct answers. */
  deploymentsPerMinutePerCoreDirectAnswers: Math.round((2 * 60_000) / twoDirect.cpuMs),
  /** Scenario CPU beyond sandbox start-up, per deployment. */
  perDeploymentCpuMs: Math.round((two.cpuMs - start.cpuMs) / 2),
  /** One worker thread per core, all running two-release scenarios at once: what the machine completes. */
  machine,
  machineDirectAnswers: machineDirect,
  fuzz: { runs: fuzzed.runs, seed: FUZZ_SEED, cpuMsPerRun: fuzzCpuMsPerRun, runsPerMinute: Math.round(fuzzed.runsPerMinute), failing: fuzzed.failures.length, wireCpuMsPerRun: fuzzWireCpuMsPerRun },
};

if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  const line = (name: string, t: Timing) => `  ${name.padEnd(48)} median ${String(t.wallMs).padStart(6)} ms wall ${String(t.cpuMs).padStart(6)} ms CPU\n`;
  process.stdout.write(`Sandbox throughput (medians of ${RUNS} runs after ${WARM_UP_RUNS} warm-up runs)\n`);
  process.stdout.write(line("sandbox start-up (and close)", start));
  process.stdout.write(line("two releases (first deploy, good canary)", two));
  process.stdout.write(line("three releases (first, good canary, bad canary)", three));
  process.stdout.write(line("two releases, simulator's direct answers (no wire)", twoDirect));
  process.stdout.write(`  simulated deployments per minute per core        ${results.deploymentsPerMinutePerCore} (${results.perDeploymentCpuMs} ms CPU per deployment beyond start-up; ${results.deploymentsPerMinutePerCoreDirectAnswers} with direct answers)\n`);
  const total = (name: string, m: MachineThroughput) =>
    `  ${name.padEnd(48)} ${m.deploymentsPerMinute} (${m.workers} workers, ${m.deployments} deployments in ${m.wallMs} ms, ${m.cpuMsPerDeployment} ms CPU each, load average ${m.loadAverage})\n`;
  process.stdout.write(total("simulated deployments per minute, whole machine", machine));
  process.stdout.write(total("the same with direct answers", machineDirect));
  process.stdout.write(
    `  fuzz: ${fuzzed.runs} generated runs (seed ${FUZZ_SEED})                ${fuzzCpuMsPerRun} ms CPU per run (${fuzzWireCpuMsPerRun} through the wire), ${results.fuzz.runsPerMinute} runs/min wall, ${fuzzed.failures.length} failing\n`,
  );
}
