// What a function may do, in one vocabulary: each capability names the adapter ports it uses. A function's
// catalog entry lists its capabilities (`uses`), and from that one list come its IAM statements
// (stacks/permissions.ts grants each capability's actions) and the adapters its handler may build.
import type { AdapterSet } from "./adapters/ports.ts";

export type AdapterName = keyof AdapterSet;

const CAPABILITY_ADAPTERS = {
  configRead: ["configStore"],
  configList: ["configStore"],
  webhookSecret: [],
  dnsRead: ["dns"],
  dnsWrite: ["dns"],
  dnsSync: ["dns"],
  alarmsRead: ["alarms"],
  // The ledger and the lease share one table and one client.
  table: ["ledger", "lease"],
  tableRead: ["ledger", "lease"],
  imagesBake: ["images"],
  imagesCheck: ["images"],
  imagesTag: ["images"],
  imagesRetire: ["images"],
  fleetLaunch: ["fleets"],
  fleetDescribe: ["fleets"],
  fleetWrite: ["fleets"],
  fleetImages: ["fleets"],
  executionsStart: ["executions"],
  executionsStop: ["executions"],
  // Plain HTTP to the slot's endpoint: no AWS permission at all.
  httpProbe: ["probe"],
} as const satisfies Record<string, readonly AdapterName[]>;

export type Capability = keyof typeof CAPABILITY_ADAPTERS;

/** The adapter ports a list of capabilities needs. Example: `["dnsRead", "table"]` → `["dns", "ledger", "lease"]`. */
export function adaptersFor(uses: readonly Capability[]): AdapterName[] {
  return [...new Set(uses.flatMap((capability) => CAPABILITY_ADAPTERS[capability]))].sort();
}
