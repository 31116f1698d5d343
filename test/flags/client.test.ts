// The flags client a service embeds: a cached document refreshed on an interval, and never an exception over
// the document — a missing, unreadable or invalid one leaves the last good version (or the defaults) in use,
// and the client says so once.
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { createFlagClient } from "../../functions/flags/client.ts";

const documentWith = (flags: Record<string, unknown>) => JSON.stringify({ flags });

/** A reader whose answer the test sets, counting reads; `fail` makes the next reads reject. */
function aSource(text: string | undefined) {
  const source = { text, reads: 0, fail: null as Error | null };
  return Object.assign(source, {
    read: async () => {
      source.reads += 1;
      if (source.fail) throw source.fail;
      return source.text;
    },
  });
}

function aClock() {
  const clock = { ms: 0 };
  return Object.assign(clock, { now: () => clock.ms });
}

describe("the flags client", () => {
  it("reads the document once per refresh interval", async () => {
    const source = aSource(documentWith({ checkout: { state: "on" } }));
    const clock = aClock();
    const flags = createFlagClient({ app: "shop-api", env: "prod", read: source.read, refreshSeconds: 30, now: clock.now });
    expect(await flags.isOn("checkout")).toBe(true);
    source.text = documentWith({ checkout: { state: "off" } });
    clock.ms = 29_000;
    expect(await flags.isOn("checkout")).toBe(true);
    expect(source.reads).toBe(1);
    clock.ms = 30_000;
    expect(await flags.isOn("checkout")).toBe(false);
    expect(source.reads).toBe(2);
  });

  it("shares one read between requests that arrive together", async () => {
    const source = aSource(documentWith({ checkout: { state: "on" } }));
    const flags = createFlagClient({ app: "shop-api", env: "prod", read: source.read });
    const answers = await Promise.all(Array.from({ length: 5 }, () => flags.isOn("checkout")));
    expect(answers).toEqual([true, true, true, true, true]);
    expect(source.reads).toBe(1);
  });

  it("falls back to the defaults without a document, and says so once", async () => {
    const source = aSource(undefined);
    const clock = aClock();
    const logged: string[] = [];
    const flags = createFlagClient({ app: "shop-api", env: "prod", read: source.read, defaults: { checkout: true }, log: (line) => logged.push(line), now: clock.now });
    expect(await flags.evaluate("checkout")).toEqual({ on: true, reason: "default", version: null });
    expect(await flags.evaluate("search")).toEqual({ on: false, reason: "default", version: null });
    clock.ms = 60_000;
    await flags.isOn("checkout");
    expect(logged).toEqual(["shop-api/prod flags: no document at the reader given; using the defaults"]);
  });

  it("keeps the last good document when a later one is invalid or unreadable, and never throws", async () => {
    const source = aSource(documentWith({ checkout: { state: "percentage", percent: 100 } }));
    const clock = aClock();
    const logged: string[] = [];
    const flags = createFlagClient({ app: "shop-api", env: "prod", read: source.read, log: (line) => logged.push(line), now: clock.now });
    expect(await flags.isOn("checkout", { userId: "u1" })).toBe(true);

    source.text = documentWith({ checkout: { state: "percentage", percent: 400 } });
    clock.ms += 30_000;
    expect(await flags.isOn("checkout", { userId: "u1" })).toBe(true);
    source.fail = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    clock.ms += 30_000;
    expect(await flags.isOn("checkout", { userId: "u1" })).toBe(true);
    expect(logged).toEqual([
      "shop-api/prod flags: the document is invalid (flags.checkout.percent: must be 0–100); keeping the last good document",
      "shop-api/prod flags: could not read the reader given (ThrottlingException: Rate exceeded); keeping the last good document",
    ]);
  });

  it("answers from the document at hand without waiting, and reads in the background when it is stale", async () => {
    const source = aSource(documentWith({ checkout: { state: "on" } }));
    const flags = createFlagClient({ app: "shop-api", env: "prod", read: source.read, defaults: { checkout: false } });
    expect(flags.evaluateNow("checkout")).toEqual({ on: false, reason: "default", version: null });
    await flags.refresh();
    expect(flags.evaluateNow("checkout")).toMatchObject({ on: true, reason: "on" });
    expect(source.reads).toBe(1);
  });

  it("reads the app/env's SSM parameter through the client it is given, with its version", async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand, { Name: "/glidepath/shop-api/prod/flags" }).resolves({ Parameter: { Value: documentWith({ checkout: { state: "off", allow: ["qa-1"] } }), Version: 7 } });
    const flags = createFlagClient({ app: "shop-api", env: "prod", ssm: new SSMClient({ region: "us-east-1" }) });
    expect(await flags.evaluate("checkout", { userId: "qa-1" })).toEqual({ on: true, reason: "allowed", version: 7 });
    expect(await flags.evaluate("checkout", { userId: "someone" })).toEqual({ on: false, reason: "off", version: 7 });
    expect(await flags.evaluate("search")).toEqual({ on: false, reason: "unknownFlag", version: 7 });
    ssm.restore();
  });

  it("treats a parameter that does not exist as no document", async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error("not found"), { name: "ParameterNotFound" }));
    const logged: string[] = [];
    const flags = createFlagClient({ app: "shop-api", env: "prod", ssm: new SSMClient({ region: "us-east-1" }), log: (line) => logged.push(line) });
    expect(await flags.isOn("checkout")).toBe(false);
    expect(logged).toEqual(["shop-api/prod flags: no document at SSM /glidepath/shop-api/prod/flags; using the defaults"]);
    ssm.restore();
  });
});
