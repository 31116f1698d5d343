// Every AWS call a function's code can make is granted by its catalog `uses`: the calls are read from the
// function's file and the files it imports (not adapters/), and each port method needs the capabilities
// METHOD_CAPABILITIES names. This is what caught cleanup listing configs (SSM GetParametersByPath) without
// `configList`, which on AWS is AccessDenied.
import { describe, expect, it } from "vitest";
import { grantedMethods, METHOD_CAPABILITIES, type PortMethod } from "../../functions/capabilities.ts";
import { FUNCTION_CAPABILITIES, FUNCTION_IDS } from "../../stacks/permissions.ts";
import { callsOf } from "./function-port-calls.ts";

describe("every call a function makes is granted", () => {
  it.each(FUNCTION_IDS)("%s's catalog uses grant every port call its code makes", (id) => {
    const calls = callsOf(id);
    const granted = grantedMethods(FUNCTION_CAPABILITIES[id]);
    const missing = calls.filter((call) => !granted.has(call as PortMethod)).map((call) => `${call} needs ${JSON.stringify(METHOD_CAPABILITIES[call as PortMethod])}`);
    expect(missing, `functions/catalog.ts ${id}.uses`).toEqual([]);
  });

  it("sees the calls a handler makes through helpers in other files", () => {
    // cleanup → appEnvOf (configStore.list) in its own file, safe-state.ts's loadValidConfig (configStore.load) and restoreLiveSlot (traffic).
    expect(callsOf("cleanup")).toEqual(expect.arrayContaining(["configStore.list", "configStore.load", "traffic.readWeights", "traffic.setWeights", "lease.release"]));
    // webhook → start-deployment.ts's startFromPush.
    expect(callsOf("webhook")).toEqual(expect.arrayContaining(["secrets.read", "configStore.list", "configStore.load", "executions.start"]));
    expect(callsOf("prepareFleet")).toContain("fleets.deploy");
    // reconciler → idle-fleet.ts's retireIdleFleet, on the Auto Scaling fleet by name (never CodeDeploy's);
    // through the config's fleet only group-refresh.ts's look at and rollback of a swept one-group deployment's refresh.
    expect(callsOf("reconciler")).toEqual(expect.arrayContaining(["autoScalingFleet.status", "autoScalingFleet.scaleDown"]));
    expect(callsOf("reconciler").filter((call) => call.startsWith("fleets.")).sort()).toEqual(["fleets.refreshStatus", "fleets.restoreRefresh", "fleets.rollBackRefresh"]);
    // A fleet kept in a variable (`const fleet = fleetFor(…)`, then `fleet.startRefresh(`) is read like one called at once.
    expect(callsOf("replaceInstances")).toEqual(expect.arrayContaining(["fleets.startRefresh", "fleets.rollBackRefresh"]));
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
