// Shared builders for the fidelity tests: a simulator on a virtual clock and real SDK clients bound to it.
import { VirtualClock } from "../../../local/clock.ts";
import { Simulator, simulatedClients, type SimTimings, type SimulatorAnswer } from "../../../local/sim/index.ts";
import type { InstanceRuntime } from "../../../local/sim/instance-runtime.ts";

export function aSandbox(options: { seed?: number; timings?: Partial<SimTimings>; maxAttempts?: number; runtime?: InstanceRuntime; answer?: SimulatorAnswer } = {}) {
  const clock = new VirtualClock();
  const sim = new Simulator({
    clock,
    seed: options.seed ?? 7,
    ...(options.runtime ? { runtime: options.runtime } : {}),
    timings: options.timings ?? {},
  });
  const clients = simulatedClients(sim, { maxAttempts: options.maxAttempts ?? 1, ...(options.answer ? { answer: options.answer } : {}) });
  return { clock, sim, clients };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
