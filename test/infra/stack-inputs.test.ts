import { describe, expect, it } from "vitest";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { adaptersFromEnv } from "../../functions/adapters/index.ts";
import { allStates, buildDefinition, exampleArns } from "../../stacks/definition.ts";
import { functionEnvironment } from "../../stacks/environment.ts";
import { configPrefix, executionArnPrefix, isProductionStage, stateMachineArn, tableName } from "../../stacks/names.ts";
import { FUNCTION_IDS } from "../../stacks/permissions.ts";

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" };

describe("names the stacks and handlers share", () => {
  it("computes the state machine ARN from stage, account and region (no cycle with the functions)", () => {
    expect(stateMachineArn(scope, "prod")).toBe("arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath-prod");
    expect(executionArnPrefix(scope, "prod")).toBe("arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:");
  });

  it.each([["prod", true], ["production", true], ["dev", false], ["prod-eu", false]])("treats stage %s as production: %s", (stage, expected) => {
    expect(isProductionStage(stage)).toBe(expected);
  });

  it("keeps non-production stages out of production's config path", () => {
    expect(configPrefix("prod")).toBe("/glidepath");
    expect(configPrefix("dev")).toBe("/glidepath-dev");
  });
});

describe("function environment", () => {
  it("wires every function to the table, the config prefix and the state machine", () => {
    for (const id of FUNCTION_IDS) {
      expect(functionEnvironment("prod", scope, id)).toMatchObject({
        GLIDEPATH_TABLE: tableName("prod"),
        GLIDEPATH_CONFIG_PREFIX: "/glidepath",
        GLIDEPATH_STATE_MACHINE_ARN: stateMachineArn(scope, "prod"),
      });
    }
  });

  it("gives only the webhook the secret's parameter name", () => {
    const holders = FUNCTION_IDS.filter((id) => "GLIDEPATH_WEBHOOK_SECRET_PARAM" in functionEnvironment("prod", scope, id));
    expect(holders).toEqual(["webhook"]);
  });

  it("is enough for the adapters to build", () => {
    expect(() => adaptersFromEnv(functionEnvironment("dev", scope, "cleanup"))).not.toThrow();
  });
});

describe("function settings against the definition", () => {
  const definition = buildDefinition(exampleArns());
  const byArn = new Map(Object.entries(exampleArns()).map(([id, arn]) => [arn, id as keyof typeof TASK_FUNCTIONS]));

  it("keeps each Lambda's timeout below its Task's TimeoutSeconds", () => {
    const tasks = allStates(definition).filter(({ state }) => state.Type === "Task" && !String(state.Resource).endsWith(".waitForTaskToken"));
    expect(tasks.length).toBeGreaterThan(0);
    for (const { name, state } of tasks) {
      const id = byArn.get(String(state.Resource))!;
      expect(id, name).toBeDefined();
      expect(Number(state.TimeoutSeconds), name).toBeGreaterThan(TASK_FUNCTIONS[id].timeoutSeconds);
    }
  });

  it("stays within Lambda's limits", () => {
    for (const spec of [...Object.values(TASK_FUNCTIONS), ...Object.values(EVENT_FUNCTIONS)]) {
      expect(spec.timeoutSeconds).toBeLessThanOrEqual(900);
      expect(spec.memoryMb).toBeGreaterThanOrEqual(128);
    }
  });
});
