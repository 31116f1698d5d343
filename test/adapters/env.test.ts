// The per-service adapter sources Lambda handlers build from their environment (functions/adapters/env/).
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { fromDynamoDb } from "../../functions/adapters/env/dynamodb.ts";
import { fromFleets } from "../../functions/adapters/env/fleets.ts";
import { fromSsmSecrets } from "../../functions/adapters/env/secrets.ts";
import { fromSfn } from "../../functions/adapters/env/sfn.ts";
import { fromSsm } from "../../functions/adapters/env/ssm.ts";

const ssm = mockClient(SSMClient);
const sfn = mockClient(SFNClient);
beforeEach(() => {
  ssm.reset();
  sfn.reset();
});
afterAll(() => {
  ssm.restore();
  sfn.restore();
});

describe("adapter sources from the environment", () => {
  it("reads configs under GLIDEPATH_CONFIG_PREFIX", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}", Version: 3 } });
    await fromSsm({ GLIDEPATH_CONFIG_PREFIX: "/glidepath-dev" }).configStore.load("shop", "prod");
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.Name).toBe("/glidepath-dev/shop/prod/config");
  });

  it("reads configs under /glidepath when no prefix is set", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}", Version: 3 } });
    await fromSsm({}).configStore.load("shop", "prod");
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.Name).toBe("/glidepath/shop/prod/config");
  });

  it("reads secrets by their full parameter name, decrypted", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "s3cret" } });
    expect(await fromSsmSecrets({ GLIDEPATH_CONFIG_PREFIX: "/glidepath-dev" }).secrets.read("/glidepath-secrets/dev/webhook")).toBe("s3cret");
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toStrictEqual({ Name: "/glidepath-secrets/dev/webhook", WithDecryption: true });
  });

  it("starts executions of GLIDEPATH_STATE_MACHINE_ARN", async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:1:execution:g:x" });
    await fromSfn({ GLIDEPATH_STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:1:stateMachine:g" }).executions.start({ name: "x", input: {} });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe("arn:aws:states:eu-west-1:1:stateMachine:g");
  });

  it("names GLIDEPATH_STATE_MACHINE_ARN when it is missing, since its callers exist to start executions", () => {
    expect(() => fromSfn({})).toThrow("environment variable GLIDEPATH_STATE_MACHINE_ARN is not set");
  });

  it("needs GLIDEPATH_TABLE for the ledger and lease", () => {
    expect(() => fromDynamoDb({})).toThrow("environment variable GLIDEPATH_TABLE is not set");
    expect(Object.keys(fromDynamoDb({ GLIDEPATH_TABLE: "glidepath-dev" })).sort()).toEqual(["lease", "ledger"]);
  });

  it("builds both fleet providers, since the config picks one at run time", () => {
    expect(Object.keys(fromFleets({}).fleets).sort()).toEqual(["autoscaling", "codedeploy"]);
  });
});
