// Which Lambda function (catalog id: "shiftTraffic", "cleanup", …) the code running now is, carried through its
// awaits, so the sandbox can record the AWS calls each function makes (local/sandbox/call-recording.ts).
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it awaits) as function `id`. */
export function asFunction<T>(id: string, work: () => T): T {
  return scope.run(id, work);
}

/** Runs `work` as no function: the sandbox's own doings (synthetic traffic's metrics) that a clock tick inside a
 * function happens to set off. */
export function outsideFunctions<T>(work: () => T): T {
  return scope.exit(work);
}

/** The function the current code runs as; undefined outside any (provisioning, a test's own calls). */
export function currentFunction(): string | undefined {
  return scope.getStore();
}
