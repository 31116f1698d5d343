// The port calls each deployed function's code can make: read from the function's file and the local files it
// imports (not adapters/), plus the task shell's lease renewal for the Tasks it renews the lease for.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { METHOD_CAPABILITIES } from "../../functions/capabilities.ts";
import type { FunctionId } from "../../stacks/permissions.ts";
import { LEASE_RENEWAL_FILE, RENEWS_LEASE } from "../fixtures/lease-renewing-tasks.ts";

const root = resolve(import.meta.dirname, "../..");
const CATALOG = { ...TASK_FUNCTIONS, ...EVENT_FUNCTIONS };

/** The names code reaches each port under (`configs` is start-deployment's name for the config store). */
const RECEIVERS: Record<string, string> = {
  configStore: "configStore", configs: "configStore", traffic: "traffic", alarms: "alarms", images: "images",
  ledger: "ledger", lease: "lease", probe: "probe", executions: "executions", secrets: "secrets", flags: "flags",
};
// `adapters.traffic.x(`, `deps.configStore.x(`, `configs.x(`; not `config.analysis.alarms.map(` (a field, not a port).
const RECEIVER_CALL = new RegExp(`(?<![\\w.])(?:(?:deps\\.)?adapters\\.|deps\\.)?(${Object.keys(RECEIVERS).join("|")})\\.(\\w+)\\(`, "g");
const FLEET_CALL = /\bfleetFor\([^)]*\)\.(\w+)\(/g;
// `const fleet = fleetFor(adapters, config.fleet);` … `fleet.startRefresh(`: a fleet kept in a variable.
const FLEET_VARIABLE = /\b(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?fleetFor\(/g;
// `deps.fleets.autoscaling.scaleDown(`: the Auto Scaling fleet by name, whatever the config's provider.
const AUTO_SCALING_FLEET_CALL = /\bfleets\.autoscaling\.(\w+)\(/g;

/** `port.method` calls in a file and the local files it imports values from, outside adapters/. */
function portCalls(file: string, seen = new Set<string>()): Set<string> {
  const calls = new Set<string>();
  if (seen.has(file)) return calls;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  // Doc comments show calls in examples; only code counts.
  const code = source.replace(/^import .*$/gm, "").replace(/^\s*(\/\/|\/?\*).*$/gm, "");
  // Only port methods count: a local array named `alarms` or `executions` has `.map(` and `.find(`, which are
  // not calls to AWS. METHOD_CAPABILITIES covers every port method (its type requires it).
  const add = (call: string) => void (call in METHOD_CAPABILITIES && calls.add(call));
  for (const [, receiver, method] of code.matchAll(RECEIVER_CALL)) add(`${RECEIVERS[receiver!]}.${method}`);
  for (const [, method] of code.matchAll(FLEET_CALL)) add(`fleets.${method}`);
  for (const [, variable] of code.matchAll(FLEET_VARIABLE))
    for (const [, method] of code.matchAll(new RegExp(`(?<![\\w.])${variable}\\.(\\w+)\\(`, "g"))) add(`fleets.${method}`);
  for (const [, method] of code.matchAll(AUTO_SCALING_FLEET_CALL)) add(`autoScalingFleet.${method}`);
  for (const [, spec] of source.matchAll(/^import (?!type )[^;]*from "(\.{1,2}\/[^"]+)";$/gm)) {
    if (spec!.includes("adapters/")) continue;
    for (const call of portCalls(join(dirname(file), spec!), seen)) calls.add(call);
  }
  return calls;
}

/**
 * A Task's Lambda entry wraps it with the task shell (stacks/task-entry.ts), which renews the lease
 * (lease.read, lease.renew) for a Task whose state passes a `holder`: those calls are that Task's too.
 */
export const callsOf = (id: FunctionId): string[] => {
  const renewal = (RENEWS_LEASE as ReadonlySet<string>).has(id) ? portCalls(LEASE_RENEWAL_FILE) : [];
  return [...new Set([...portCalls(join(root, "functions", `${CATALOG[id].file}.ts`)), ...renewal])].sort();
};
