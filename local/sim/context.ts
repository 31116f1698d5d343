// What every service model shares: time, randomness, timings, faults and the instance runtime.
import type { VirtualClock } from "../clock.ts";
import type { FaultInjector } from "./faults.ts";
import type { InstanceRuntime } from "./instance-runtime.ts";
import type { SeededRandom } from "./rng.ts";
import type { SimTimings } from "./timings.ts";

export interface SimContext {
  clock: VirtualClock;
  rng: SeededRandom;
  timings: SimTimings;
  faults: FaultInjector;
  runtime: InstanceRuntime;
}

/** One SDK operation of a service: takes the command's input, returns its output (without $metadata). */
export type Operation = (input: any) => unknown;

export interface ServiceModel {
  /** Handlers by SDK operation name (command name without `Command`). */
  readonly operations: Record<string, Operation>;
  /** Runs before every call of this service (e.g. Route 53's account-wide throttle). */
  beforeCall?(operation: string): void;
}

export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";
