// One worker of `npm run fuzz -- --jobs J` (fuzz-jobs.ts): runs its share of the search and reports its
// progress and result to the parent over IPC.
import "../polyfills.ts";
import { fuzz } from "./fuzz.ts";
import type { WorkerMessage, WorkerOptions } from "./fuzz-jobs.ts";

const send = (message: WorkerMessage) =>
  new Promise<void>((resolve, reject) => process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())) ?? reject(new Error("fuzz-worker.ts runs only as a worker of fuzz-jobs.ts")));

const options = JSON.parse(process.argv[2] ?? "{}") as WorkerOptions;
const result = await fuzz({ ...options, onProgress: ({ runs, failures, last }) => void send({ type: "progress", runs, failures, last }).catch(() => {}) });
await send({ type: "done", result });
process.disconnect?.();
