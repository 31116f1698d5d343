// Every AWS call a function's code can make is granted by its catalog `uses`: the calls are read from the
// function's file and the files it imports (not adapters/), and each port method needs the capabilities
// METHOD_CAPABILITIES names. This is what caught cleanup listing configs (SSM GetParametersByPath) without
// `configList`, which on AWS is AccessDenied.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { grantedMethods, METHOD_CAPABILITIES, type PortMethod } from "../../functions/capabilities.ts";
import { FUNCTION_CAPABILITIES, FUNCTION_IDS, type FunctionId } from "../../stacks/permissions.ts";
import { LEASE_RENEWAL_FILE, RENEWS_LEASE } from "../fixtures/lease-renewing-tasks.ts";

const root = resolve(import.meta.dirname, "../..");
const CATALOG = { ...TASK_FUNCTIONS, ...EVENT_FUNCTIONS };

/** The names code reaches each port under (`configs` is start-deployment's name for the config store). */
const RECEIVERS: Record<string, string> = {
  configStore: "configStore", configs: "configStore", dns: "dns", alarms: "alarms", images: "images",
  ledger: "ledger", lease: "lease", probe: "probe", executions: "executions", secrets: "secrets",
};
// `adapters.dns.x(`, `deps.configStore.x(`, `configs.x(`; not `config.analysis.alarms.map(` (a field, not a port).
const RECEIVER_CALL = new RegExp(`(?<![\\w.])(?:(?:deps\\.)?adapters\\.|deps\\.)?(${Object.keys(RECEIVERS).join("|")})\\.(\\w+)\\(`, "g");
const FLEET_CALL = /\bfleetFor\([^)]*\)\.(\w+)\(/g;

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
const callsOf = (id: FunctionId) => {
  const renewal = (RENEWS_LEASE as ReadonlySet<string>).has(id) ? portCalls(LEASE_RENEWAL_FILE) : [];
  return [...new Set([...portCalls(join(root, "functions", `${CATALOG[id].file}.ts`)), ...renewal])].sort();
};

describe("every call a function makes is granted", () => {
  it.each(FUNCTION_IDS)("%s's catalog uses grant every port call its code makes", (id) => {
    const calls = callsOf(id);
    const granted = grantedMethods(FUNCTION_CAPABILITIES[id]);
    const missing = calls.filter((call) => !granted.has(call as PortMethod)).map((call) => `${call} needs ${JSON.stringify(METHOD_CAPABILITIES[call as PortMethod])}`);
    expect(missing, `functions/catalog.ts ${id}.uses`).toEqual([]);
  });

  it("sees the calls a handler makes through helpers in other files", () => {
    // cleanup → appEnvOf (configStore.list) in its own file, safe-state.ts's loadValidConfig (configStore.load) and restoreLiveSlot (dns).
    expect(callsOf("cleanup")).toEqual(expect.arrayContaining(["configStore.list", "configStore.load", "dns.readWeights", "dns.setWeights", "lease.release"]));
    // webhook → start-deployment.ts's startFromPush.
    expect(callsOf("webhook")).toEqual(expect.arrayContaining(["secrets.read", "configStore.list", "configStore.load", "executions.start"]));
    expect(callsOf("prepareFleet")).toContain("fleets.deploy");
    // The task shell renews the lease for the Tasks between Acquire lease and the Rollout, and only for them.
    expect(callsOf("prepareFleet")).toEqual(expect.arrayContaining(["lease.read", "lease.renew"]));
    expect(callsOf("loadConfig")).not.toContain("lease.renew");
  });

  it("grants a call only with every capability it needs", () => {
    expect(grantedMethods(["fleetScaleDown"]).has("fleets.deploy")).toBe(false);
    expect(grantedMethods(["fleetLaunch"]).has("fleets.scaleDown")).toBe(false);
    expect(grantedMethods(["fleetLaunch"]).has("fleets.deploy")).toBe(true);
    expect(grantedMethods(["table"]).has("ledger.getLive")).toBe(true);
    expect(grantedMethods(["tableRead"]).has("ledger.appendStep")).toBe(false);
    expect(grantedMethods(["executionsStart", "executionsStop"]).has("executions.sendTaskFailure")).toBe(false);
    expect(grantedMethods(["executionsFail"]).has("executions.sendTaskSuccess")).toBe(false);
  });
});
