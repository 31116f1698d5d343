// Which execution (or out-of-band handler) the code running now works for, carried through its awaits, so
// the invariant monitor can tell whose AWS calls it sees when several executions interleave.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it awaits or schedules) on behalf of `actor`: an execution name, "circuit breaker". */
export function runAs<T>(actor: string, work: () => T): T {
  return scope.run(actor, work);
}

/** The actor the current code runs for; undefined outside any (a test's own calls, provisioning). */
export function currentActor(): string | undefined {
  return scope.getStore();
}
