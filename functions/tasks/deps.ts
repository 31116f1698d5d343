// What every Task handler depends on: the narrow adapter ports and a clock. Built from real SDK clients on
// Lambda (lazily, on first invocation), from in-memory fakes in tests, from the simulator in the sandbox.
import type { Alarms, Clock, ConfigStore, Dns, Executions, Fleet, Images, Lease, Ledger, Probe } from "../adapters/ports.ts";

export interface TaskAdapters {
  dns: Dns;
  alarms: Alarms;
  configStore: ConfigStore;
  images: Images;
  fleets: { autoscaling: Fleet; codedeploy: Fleet };
  ledger: Ledger;
  lease: Lease;
  probe: Probe;
  executions: Executions;
}

export interface TaskDeps {
  adapters: TaskAdapters;
  clock: Clock;
}

/** A Task's business logic: typed input in, typed output (with a human `reason`) out. */
export type Task<I, O> = (input: I) => Promise<O>;
export type TaskFactory<I, O> = (deps: TaskDeps) => Task<I, O>;
