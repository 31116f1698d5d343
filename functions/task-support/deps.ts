// What every Task handler depends on: the narrow adapter ports and a clock. Built from real SDK clients on
// Lambda (lazily, on first invocation), from in-memory fakes in tests, from the simulator in the sandbox.
import type { AdapterSet, Clock } from "../adapters/ports.ts";

export type TaskAdapters = AdapterSet;

export interface TaskDeps {
  adapters: TaskAdapters;
  clock: Clock;
}

/** A Task's business logic: typed input in, typed output (with a human `reason`) out. */
type Task<I, O> = (input: I) => Promise<O>;
export type TaskFactory<I, O> = (deps: TaskDeps) => Task<I, O>;
