// Real work the virtual clock must not move under (see Pacer.track): every call of the sandbox's SDK clients
// (DynamoDB goes to dynalite over loopback) and every smoke-test probe (real HTTP to the slots). While one is
// in flight, another execution's wait cannot end, so a Task's calls all happen at the instant it made them.
import type { Probe } from "../../functions/adapters/ports.ts";
import type { AwsClients } from "../../functions/adapters/aws-clients.ts";
import type { Pacer } from "./pacer.ts";

interface MiddlewareHost {
  middlewareStack: { add(middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>, options: { step: "initialize"; priority: "high"; name: string }): void };
}

export function holdTimeDuringCalls(clients: AwsClients, pacer: Pacer): void {
  for (const client of Object.values(clients) as unknown as MiddlewareHost[]) {
    client.middlewareStack.add((next) => (args) => pacer.track(next(args)), { step: "initialize", priority: "high", name: "glidepathHoldVirtualTime" });
  }
}

export function holdTimeDuringProbes(probe: Probe, pacer: Pacer): Probe {
  return { run: (baseUrl, checks) => pacer.track(probe.run(baseUrl, checks)) };
}
