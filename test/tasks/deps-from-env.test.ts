// A Task Lambda's deps come from the adapter sources its generated entry names (test/tasks/task-entry.test.ts);
// these tests pin down how depsFromEnv builds them: lazily, and naming an adapter the function did not build.
import { afterEach, describe, expect, it, vi } from "vitest";
import { depsFromEnv } from "../../functions/shell/deps-from-env.ts";
import { fromDynamoDb } from "../../functions/adapters/env/dynamodb.ts";
import { fromTraffic } from "../../functions/adapters/env/traffic.ts";

describe("depsFromEnv", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("builds nothing until it is called", () => {
    const source = vi.fn(() => ({}));
    depsFromEnv(source);
    expect(source).not.toHaveBeenCalled();
  });

  it("names the adapter a handler did not build when a Task touches it", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    const deps = await depsFromEnv(fromTraffic)();
    expect(Object.keys(deps.adapters)).toEqual(["traffic"]);
    expect(() => deps.adapters.ledger).toThrow(expect.objectContaining({ name: "AdapterNotAvailableError", message: expect.stringMatching(/^adapters\.ledger is not available in this function \(its handler builds only traffic\)/) }));
  });

  it("names GLIDEPATH_TABLE when the ledger's table is not set, and can be retried once it is", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("GLIDEPATH_TABLE", "");
    const build = depsFromEnv(fromDynamoDb);
    await expect(build()).rejects.toThrow("environment variable GLIDEPATH_TABLE is not set");
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    await expect(build()).resolves.toMatchObject({ adapters: { ledger: expect.any(Object), lease: expect.any(Object) } });
  });
});
