import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { makeSsmSecrets, SECRET_CACHE_SECONDS } from "../../functions/adapters/ssm.ts";
import { ThrottledError } from "../../functions/errors.ts";
import { awsError } from "./aws-error.ts";

const NAME = "/glidepath-secrets/prod/webhook";
const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());
afterAll(() => ssm.restore());

function secrets() {
  const clock = { t: 0, now: () => clock.t };
  return { clock, secrets: makeSsmSecrets(ssm as unknown as SSMClient, clock) };
}

describe("SSM secrets", () => {
  it("reads the named parameter with decryption, and nothing else", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Type: "SecureString", Value: "s3cret" } });
    expect(await secrets().secrets.read(NAME)).toBe("s3cret");
    const calls = ssm.commandCalls(GetParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toStrictEqual({ Name: NAME, WithDecryption: true });
  });

  it("reuses a read secret until the cache expires, then reads it again", async () => {
    ssm.on(GetParameterCommand).resolvesOnce({ Parameter: { Value: "v1" } }).resolvesOnce({ Parameter: { Value: "v2" } });
    const { clock, secrets: store } = secrets();
    expect(await store.read(NAME)).toBe("v1");
    clock.t += (SECRET_CACHE_SECONDS - 1) * 1000;
    expect(await store.read(NAME)).toBe("v1");
    clock.t += 2000;
    expect(await store.read(NAME)).toBe("v2");
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it("caches each secret under its own name", async () => {
    ssm.on(GetParameterCommand, { Name: "/x" }).resolves({ Parameter: { Value: "x" } });
    ssm.on(GetParameterCommand, { Name: "/y" }).resolves({ Parameter: { Value: "y" } });
    const { secrets: store } = secrets();
    expect([await store.read("/x"), await store.read("/y"), await store.read("/x")]).toEqual(["x", "y", "x"]);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it("names the parameter when it does not exist", async () => {
    ssm.on(GetParameterCommand).rejects(awsError("ParameterNotFound"));
    await expect(secrets().secrets.read(NAME)).rejects.toThrow(`SSM parameter ${NAME} does not exist`);
  });

  it("names the parameter when it has no value, and caches nothing", async () => {
    ssm.on(GetParameterCommand).resolvesOnce({ Parameter: { Value: "" } }).resolvesOnce({ Parameter: { Value: "late" } });
    const { secrets: store } = secrets();
    await expect(store.read(NAME)).rejects.toThrow(`SSM parameter ${NAME} has no value`);
    expect(await store.read(NAME)).toBe("late");
  });

  it("turns SSM throttling into ThrottledError", async () => {
    ssm.on(GetParameterCommand).rejects(awsError("ThrottlingException"));
    await expect(secrets().secrets.read(NAME)).rejects.toBeInstanceOf(ThrottledError);
  });
});
