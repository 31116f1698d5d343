// The four fleet sources (functions/adapters/env/fleets.ts): each deployed function gets the narrowest one whose
// clients cover the fleet methods its code calls, and a method left without its client says so.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FLEET_METHOD_CLIENTS, FLEET_SOURCES, fleetSourceFor, fromAutoScalingGroups, fromGroupFleets } from "../../functions/adapters/env/fleets.ts";
import type { Fleet } from "../../functions/adapters/ports.ts";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { envSourcesFor } from "../../stacks/task-entry.ts";
import { callsOf } from "../infra/function-port-calls.ts";

const autoscaling = mockClient(AutoScalingClient);
beforeEach(() => autoscaling.reset());
afterAll(() => autoscaling.restore());

const root = resolve(import.meta.dirname, "../..");

/** The fleet source a function's Lambda builds: generated for a Task, imported by hand in an event handler. */
function fleetSourceOf(id: string): string | undefined {
  if (id in TASK_FUNCTIONS) return envSourcesFor(TASK_FUNCTIONS[id as keyof typeof TASK_FUNCTIONS].uses).find(({ module }) => module === "fleets")?.build;
  const source = readFileSync(join(root, "functions", `${EVENT_FUNCTIONS[id as keyof typeof EVENT_FUNCTIONS].file}.ts`), "utf8");
  return /^import \{ (\w+) \} from "\.\.\/adapters\/env\/fleets\.ts";$/m.exec(source)?.[1];
}

describe("fleet sources", () => {
  it.each<[string, Parameters<typeof fleetSourceFor>[0], string]>([
    ["polling a fleet reads CodeDeploy, never a launch template", { fleets: ["status"] }, "fromFleetsWithoutLaunchTemplates"],
    ["scaling a fleet down finds a CodeDeploy group's Auto Scaling groups", { fleets: ["scaleDown"] }, "fromFleetsWithoutLaunchTemplates"],
    ["rolling one group's refresh back needs Auto Scaling alone", { fleets: ["refreshStatus", "rollBackRefresh"] }, "fromAutoScalingGroups"],
    ["starting a refresh makes a launch template version, never a CodeDeploy call", { fleets: ["startRefresh", "refreshStatus"] }, "fromGroupFleets"],
    ["deploying needs every client", { fleets: ["deploy"] }, "fromFleets"],
    ["the Auto Scaling fleet named directly needs no CodeDeploy", { fleets: [], autoScalingFleet: ["status", "scaleDown"] }, "fromAutoScalingGroups"],
    ["putting a temporary group in service copies scaling policies, with no EC2 or CodeDeploy", { fleets: ["serveTemporaryGroup"] }, "fromAutoScalingGroupsCopyingPolicies"],
  ])("%s", (_rule, methods, source) => {
    expect(fleetSourceFor(methods)).toBe(source);
  });

  const fleetFunctions = [...Object.keys(TASK_FUNCTIONS), ...Object.keys(EVENT_FUNCTIONS)].filter((id) => callsOf(id as never).some((call) => /^(fleets|autoScalingFleet)\./.test(call)));

  it.each(fleetFunctions)("%s builds a fleet source with a client for every fleet method its code calls", (id) => {
    const build = fleetSourceOf(id);
    const clients = FLEET_SOURCES.find((source) => source.build === build)?.clients;
    expect(clients, `${id} imports a fleet source`).toBeDefined();
    for (const call of callsOf(id as never)) {
      const [port, method] = call.split(".") as [string, keyof Fleet];
      if (port !== "fleets" && port !== "autoScalingFleet") continue;
      const needs = { ...FLEET_METHOD_CLIENTS[method], ...(port === "autoScalingFleet" ? { codeDeploy: false } : {}) };
      if (needs.launchTemplates) expect(clients!.launchTemplates, `${id} calls ${call}, which reads launch templates`).toBe(true);
      if (needs.codeDeploy) expect(clients!.codeDeploy, `${id} calls ${call}, which calls CodeDeploy`).toBe(true);
      if (needs.scalingPolicies) expect(clients!.scalingPolicies, `${id} calls ${call}, which copies scaling policies`).toBe(true);
    }
  });

  it("gives the deployment's fleet functions narrower sources than every client", () => {
    expect(Object.fromEntries(["checkFleet", "rollBack", "replaceInstances", "prepareFleet", "cleanup", "reconciler"].map((id) => [id, fleetSourceOf(id)]))).toEqual({
      checkFleet: "fromFleetsWithoutLaunchTemplates",
      rollBack: "fromAutoScalingGroups",
      replaceInstances: "fromGroupFleets",
      prepareFleet: "fromFleets",
      cleanup: "fromAutoScalingGroups",
      reconciler: "fromAutoScalingGroups",
    });
  });

  it("refuses a launch template read without EC2, naming what is missing", async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ AutoScalingGroupName: "shop-a", LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "3" } } as never] });
    const { fleets } = fromAutoScalingGroups({});
    await expect(fleets.autoscaling.launchImages("shop-a")).rejects.toMatchObject({ name: "ClientNotAvailableError", message: expect.stringMatching(/^describeVersion: EC2 launch templates are not in this function/) });
  });

  it("refuses a CodeDeploy call without CodeDeploy, and refuses one-group refreshes on CodeDeploy as ever", async () => {
    const { fleets } = fromGroupFleets({});
    await expect(fleets.codedeploy.status({ group: "shop-a", ref: "d-1" })).rejects.toMatchObject({ name: "ClientNotAvailableError", message: expect.stringMatching(/^status: CodeDeploy is not in this function/) });
    await expect(fleets.codedeploy.rollBackRefresh("shop-a")).rejects.toMatchObject({ name: "ConfigInvalidError" });
  });
});
