// What every Task handler depends on: the narrow adapter ports and a clock. Built from real SDK clients on
// Lambda (lazily, on first invocation), from in-memory fakes in tests, from the simulator in the sandbox.
import type * as z from "../core/zod-mini.ts";
import type { AdapterSet, Clock } from "../adapters/ports.ts";

export type TaskAdapters = AdapterSet;

export interface TaskDeps {
  adapters: TaskAdapters;
  clock: Clock;
}

/** A Task's business logic: typed input in, typed output (with a human `reason`) out. */
type Task<I, O> = (input: I) => Promise<O>;
export type TaskFactory<I, O> = (deps: TaskDeps) => Task<I, O>;

/**
 * What each Task file exports as `task`: its factory and the zod schema of its input. The catalog entry
 * points at it, and from it come the Lambda's generated entry (stacks/task-entry.ts) and the sandbox's
 * binding (registry.ts), so a new Task is its file plus its catalog entry.
 * Example: `export const task = defineTask(makeCheckDnsSync, checkDnsSyncInput)`, which fails to compile if
 * the factory's input type is not what the schema parses to.
 */
export interface TaskModule<S extends z.ZodMiniType, O> {
  make: TaskFactory<z.output<S>, O>;
  input: S;
}

/** Any Task's module, as the catalog holds them side by side: each takes its own input, hence `never` here. */
export interface AnyTaskModule {
  make: (deps: TaskDeps) => (input: never) => Promise<unknown>;
  input: z.ZodMiniType;
}

export function defineTask<S extends z.ZodMiniType, O>(make: TaskFactory<z.output<S>, O>, input: S): TaskModule<S, O> {
  return { make, input };
}
