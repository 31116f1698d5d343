// The sample service's two slots, as the sandbox runs them: real HTTP (a balancer per slot on 127.0.0.1 and
// a server per instance) when real traffic flows, as in the demo; in process otherwise, where a scenario's
// traffic is synthetic and only the smoke test sends requests (no ports, sockets or servers to start).
import type { InstanceRuntime } from "../sim/instance-runtime.ts";
import { IN_PROCESS_ENDPOINTS, InProcessSlots } from "../app/in-process-slots.ts";
import type { ReleaseCatalog } from "../app/release-catalog.ts";
import { ServiceRuntime } from "../app/runtime.ts";
import { startBalancer, type SlotBalancer } from "../app/slot-balancer.ts";

export type SlotsMode = "http" | "inProcess";

export interface RunningSlots {
  runtime: InstanceRuntime;
  /** Each slot's endpoint (`host:port`), as the config and the Route 53 records name it. */
  endpoints: { a: string; b: string };
  /** The HTTP balancers real traffic is sent to (`http` only). */
  balancers?: { a: SlotBalancer; b: SlotBalancer };
  /** What the smoke test's probe fetches with (`inProcess` only; real fetch otherwise). */
  fetch?: typeof fetch;
  /** Endpoints for another app/env's two groups (`inProcess` only): a sandbox with several envs. */
  serveGroups?: (groups: { a: string; b: string }) => { a: string; b: string };
  stop(): Promise<void>;
}

export async function startSlots(mode: SlotsMode, catalog: ReleaseCatalog, groups: { a: string; b: string }, seed: number): Promise<RunningSlots> {
  if (mode === "inProcess") {
    const slots = new InProcessSlots({ catalog, groups: { [groups.a]: "a", [groups.b]: "b" }, seed });
    return { runtime: slots, endpoints: { ...IN_PROCESS_ENDPOINTS }, fetch: slots.fetch as typeof fetch, serveGroups: (groups) => slots.serveGroups(groups), stop: async () => {} };
  }
  const balancers = { a: await startBalancer("slot-a"), b: await startBalancer("slot-b") };
  const service = new ServiceRuntime({ catalog, balancers: { [groups.a]: balancers.a, [groups.b]: balancers.b }, seed });
  return {
    runtime: service,
    endpoints: { a: `127.0.0.1:${balancers.a.port}`, b: `127.0.0.1:${balancers.b.port}` },
    balancers,
    stop: async () => {
      await service.stopAll();
      await balancers.b.stop();
      await balancers.a.stop();
    },
  };
}
