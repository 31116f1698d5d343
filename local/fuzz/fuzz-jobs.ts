// `npm run fuzz -- --jobs J`: the search split over J worker processes, one per core. Worker j runs its share
// of the runs from seed S + 1000·j (so the workers draw different scenarios, and each stays reproducible
// alone with `--seed S+1000·j --jobs 1`); the parent adds up their progress and merges their results.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { FuzzOptions, FuzzResult } from "./fuzz.ts";

/** Seeds of worker j start this far apart: a worker's rounds (one per failure found) stay below it. */
export const SEED_STRIDE = 1000;

const WORKER = fileURLToPath(new URL("./fuzz-worker.ts", import.meta.url));

export type WorkerOptions = Omit<FuzzOptions, "onProgress">;

export type WorkerMessage =
  | { type: "progress"; runs: number; failures: number; last: { name: string; violations: FuzzResult["failures"][number]["violations"] } }
  | { type: "done"; result: FuzzResult };

/** Each worker's share: `runs` split as evenly as possible, first workers taking the remainder. */
export function shares(runs: number, jobs: number): number[] {
  return Array.from({ length: jobs }, (_, j) => Math.floor(runs / jobs) + (j < runs % jobs ? 1 : 0));
}

export async function fuzzInWorkers(options: FuzzOptions & { jobs: number }): Promise<FuzzResult> {
  const started = Date.now();
  const { jobs, onProgress, ...rest } = options;
  const progress = shares(options.runs, jobs).map(() => ({ runs: 0, failures: 0 }));
  const results = await Promise.all(
    shares(options.runs, jobs).map((runs, j) =>
      runWorker({ ...rest, runs, seed: options.seed + SEED_STRIDE * j }, (message) => {
        progress[j] = { runs: message.runs, failures: message.failures };
        const total = progress.reduce((sum, p) => ({ runs: sum.runs + p.runs, failures: sum.failures + p.failures }), { runs: 0, failures: 0 });
        onProgress?.({ ...total, elapsedMs: Date.now() - started, last: message.last });
      }),
    ),
  );
  const elapsedMs = Date.now() - started;
  const runs = results.reduce((sum, result) => sum + result.runs, 0);
  return { runs, failures: results.flatMap((result) => result.failures), elapsedMs, runsPerMinute: runs / Math.max(elapsedMs / 60_000, 1e-9) };
}

/** One worker process, with tsx's loader so it runs the TypeScript sources as `npm run fuzz` does. */
function runWorker(options: WorkerOptions, onProgress: (message: Extract<WorkerMessage, { type: "progress" }>) => void): Promise<FuzzResult> {
  return new Promise((resolve, reject) => {
    if (options.runs === 0) return resolve({ runs: 0, failures: [], elapsedMs: 0, runsPerMinute: 0 });
    const child = fork(WORKER, [JSON.stringify(options)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: FuzzResult | undefined;
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "progress") onProgress(message);
      else result = message.result;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`fuzz worker (seed ${options.seed}) ended without a result: ${signal ? `signal ${signal}` : `exit code ${code}`}`));
    });
  });
}
