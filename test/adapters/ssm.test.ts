import { GetParameterCommand, GetParametersByPathCommand, LabelParameterVersionCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeSsmConfigStore } from "../../functions/adapters/ssm.ts";
import { ConfigInvalidError, ConfigNotFoundError, ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const ssm = mockClient(SSMClient);
const store = makeSsmConfigStore(ssm as unknown as SSMClient);

beforeEach(() => ssm.reset());

describe("SSM config store", () => {
  it("reads the latest config with decryption and returns its version", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: "/glidepath/shop/prod/config", Value: '{"app":"shop"}', Version: 7 } });
    expect(await store.load("shop", "prod")).toEqual({ document: { app: "shop" }, version: 7 });
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({ Name: "/glidepath/shop/prod/config", WithDecryption: true });
  });

  it("pins a version as name:version", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}", Version: 3 } });
    await store.load("shop", "prod", 3);
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.Name).toBe("/glidepath/shop/prod/config:3");
  });

  it("uses a custom prefix", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}", Version: 1 } });
    await makeSsmConfigStore(ssm as unknown as SSMClient, "/teams/x/").load("shop", "prod");
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.Name).toBe("/teams/x/shop/prod/config");
  });

  it.each(["ParameterNotFound", "ParameterVersionNotFound"])("turns %s into ConfigNotFoundError naming the parameter", async (name) => {
    ssm.on(GetParameterCommand).rejects(awsError(name));
    const attempt = store.load("shop", "prod");
    await expect(attempt).rejects.toBeInstanceOf(ConfigNotFoundError);
    await expect(attempt).rejects.toThrow("/glidepath/shop/prod/config");
  });

  it("turns a value that is not JSON into ConfigInvalidError naming the parameter", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "app: shop", Version: 2 } });
    const attempt = store.load("shop", "prod");
    await expect(attempt).rejects.toBeInstanceOf(ConfigInvalidError);
    await expect(attempt).rejects.toThrow(/SSM parameter \/glidepath\/shop\/prod\/config is invalid/);
  });

  it("maps ThrottlingException to ThrottledError", async () => {
    ssm.on(GetParameterCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
    await expect(store.load("shop", "prod")).rejects.toBeInstanceOf(ThrottledError);
  });

  it("lists app/envs across pages, including empty pages that carry a NextToken", async () => {
    ssm
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [{ Name: "/glidepath/shop/prod/config" }, { Name: "/glidepath/shop/prod/secret" }], NextToken: "a" })
      .resolvesOnce({ Parameters: [], NextToken: "b" })
      .resolvesOnce({ Parameters: [{ Name: "/glidepath/blog/staging/config" }, { Name: "/glidepath/too/deep/x/config" }] });
    expect(await store.list()).toEqual([
      { app: "shop", env: "prod" },
      { app: "blog", env: "staging" },
    ]);
    const inputs = ssm.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { Path: "/glidepath", Recursive: true },
      { Path: "/glidepath", Recursive: true, NextToken: "a" },
      { Path: "/glidepath", Recursive: true, NextToken: "b" },
    ]);
  });
});

describe("SSM config labels", () => {
  it("puts the label on the version named, by the parameter's name", async () => {
    ssm.on(LabelParameterVersionCommand).resolves({ InvalidLabels: [], ParameterVersion: 4 });
    expect(await store.label("shop", "prod", 4, "deployed-abc")).toEqual({ refused: null });
    expect(ssm.commandCalls(LabelParameterVersionCommand)[0]?.args[0].input).toEqual({ Name: "/glidepath/shop/prod/config", ParameterVersion: 4, Labels: ["deployed-abc"] });
  });

  it("says SSM refused a label it returns in InvalidLabels (no error is thrown for those)", async () => {
    ssm.on(LabelParameterVersionCommand).resolves({ InvalidLabels: ["1bad"], ParameterVersion: 4 });
    expect((await store.label("shop", "prod", 4, "1bad")).refused).toContain("SSM refused the label 1bad");
  });

  it("says so when the version already has 10 labels", async () => {
    ssm.on(LabelParameterVersionCommand).rejects(awsError("ParameterVersionLabelLimitExceeded"));
    expect((await store.label("shop", "prod", 4, "deployed-abc")).refused).toBe("version 4 of /glidepath/shop/prod/config already carries SSM's maximum of 10 labels");
  });

  it("turns a concurrent label update (TooManyUpdates) into ThrottledError, which the state machine retries", async () => {
    ssm.on(LabelParameterVersionCommand).rejects(awsError("TooManyUpdates"));
    await expect(store.label("shop", "prod", 4, "deployed-abc")).rejects.toBeInstanceOf(ThrottledError);
  });

  it("throws other failures (throttling is retried by the state machine)", async () => {
    ssm.on(LabelParameterVersionCommand).rejects(awsError("ThrottlingException"));
    await expect(store.label("shop", "prod", 4, "deployed-abc")).rejects.toBeInstanceOf(ThrottledError);
  });
});
