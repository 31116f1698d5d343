// A Task handler's real deps, built from only the adapter sources its Lambda entry names, e.g.
// `taskHandler(task.make, task.input, depsFromEnv(fromTraffic, fromDynamoDb))`, generated from the catalog
// entry's `uses` (stacks/task-entry.ts): each source file imports one SDK client, so esbuild bundles only
// the clients that Task uses.
//
// Why throwing getters rather than a narrower type: every factory takes the full TaskDeps (the sandbox and
// the registry pass all adapters), and narrowing each factory's parameter would change that public API. So
// an adapter the entry did not name exists but throws AdapterNotAvailableError when touched, and
// test/tasks/task-entry.test.ts checks every entry names a source for each adapter its Task code reads.
import type { TaskAdapters, TaskDeps } from "../task-support/deps.ts";
import { systemClock } from "../adapters/ports.ts";

/** Builds some of the adapters from the environment (see the from*.ts files next to this one). */
export type AdapterSource = (env: NodeJS.ProcessEnv) => Partial<TaskAdapters>;

const ADAPTER_NAMES = Object.keys({
  traffic: true,
  alarms: true,
  configStore: true,
  images: true,
  fleets: true,
  ledger: true,
  lease: true,
  probe: true,
  executions: true,
  events: true,
  flags: true,
} satisfies Record<keyof TaskAdapters, true>) as Array<keyof TaskAdapters>;

class AdapterNotAvailableError extends Error {
  override name = "AdapterNotAvailableError";
}

/**
 * Deps for one Task's handler, built when the returned function is first called (on the first invocation,
 * never at import time). Only the named sources' adapters are enumerable; the others throw on access.
 */
export function depsFromEnv(...sources: AdapterSource[]): () => Promise<TaskDeps> {
  return async () => {
    const env = process.env;
    const adapters: Partial<TaskAdapters> = {};
    for (const source of sources) Object.assign(adapters, source(env));
    const provided = Object.keys(adapters);
    for (const name of ADAPTER_NAMES) {
      if (name in adapters) continue;
      Object.defineProperty(adapters, name, {
        enumerable: false,
        get() {
          throw new AdapterNotAvailableError(
            `adapters.${name} is not available in this function (its handler builds only ${provided.join(", ") || "no adapters"}); add a capability that needs it to the function's \`uses\` in functions/catalog.ts`,
          );
        },
      });
    }
    return { adapters: adapters as TaskAdapters, clock: systemClock };
  };
}
