// One of the workers bench/sandbox.ts starts to run the two-release scenario on every core at once: it warms
// up (module loading and JIT are not per run), says so, waits for the word to start so all workers begin
// together, then runs `runs` scenarios back to back and reports how many deployments they were (the CPU is
// the parent's to measure: on Node 20 a thread cannot read its own).
import "../local/polyfills.ts";
import { parentPort, workerData } from "node:worker_threads";
import { runScenario } from "../local/scenario/run-scenario.ts";
import type { SimulatorAnswer } from "../local/sim/index.ts";
import { twoReleases } from "./scenarios.ts";

export interface WorkerReport {
  deployments: number;
}

const { runs, warmUpRuns, answer } = workerData as { runs: number; warmUpRuns: number; answer?: SimulatorAnswer };
const port = parentPort!;
const options = answer ? { answer } : {};

for (let i = 0; i < warmUpRuns; i++) await runScenario(twoReleases, options);
await new Promise<void>((resolve) => {
  port.once("message", () => resolve());
  port.postMessage("ready");
});
let deployments = 0;
for (let i = 0; i < runs; i++) deployments += (await runScenario(twoReleases, options)).deployments.length;
port.postMessage({ deployments } satisfies WorkerReport);
