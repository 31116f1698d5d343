import { describe, expect, it } from "vitest";
import { configParameterName, executionName, executionNamePrefix, parseConfigParameterName, setIdentifier } from "../../functions/core/naming.ts";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";

describe("executionName", () => {
  it.each<[string, string, string, string, string]>([
    ["joins app, env and the first 12 characters of the commit", "shop-api", "prod", COMMIT, "shop-api-prod-0123456789ab"],
    ["keeps a short commit whole", "shop-api", "prod", "abc123", "shop-api-prod-abc123"],
    ["replaces characters Step Functions names cannot carry", "shop.api", "prod eu", COMMIT, "shop-api-prod-eu-0123456789ab"],
  ])("%s", (_rule, app, env, commit, expected) => {
    const name = executionName(app, env, commit);
    expect(name).toBe(expected);
  });

  it("names a second attempt at the same commit differently, and the first attempt as before", () => {
    expect(executionName("shop-api", "prod", COMMIT, 1)).toBe("shop-api-prod-0123456789ab");
    expect(executionName("shop-api", "prod", COMMIT, 2)).toBe("shop-api-prod-0123456789ab-2");
    expect(executionName("shop-api", "prod", COMMIT, 3)).not.toBe(executionName("shop-api", "prod", COMMIT, 2));
  });

  it("gives the same push the same name every time, so a duplicate delivery finds it taken", () => {
    expect(executionName("a".repeat(64), "e".repeat(64), COMMIT, 2)).toBe(executionName("a".repeat(64), "e".repeat(64), COMMIT, 2));
  });

  it("keeps two long app/envs that share their first characters apart (hashing the long part)", () => {
    const app = "checkout-payments-reconciliation-service-for-the-emea-region";
    const west = executionName(app, "production-europe-and-middle-east-datacenter-west", COMMIT);
    const central = executionName(app, "production-europe-and-middle-east-datacenter-central", COMMIT);
    expect(west).not.toBe(central);
    expect(west.startsWith("checkout-payments")).toBe(true);
    expect(west.endsWith("-0123456789ab")).toBe(true);
  });

  it("stays within 80 safe characters for the longest valid app, env, commit and attempt", () => {
    for (const [app, env] of [["a".repeat(64), "e".repeat(64)], ["a".repeat(64), "prod"], ["shop", "e".repeat(64)], ["a".repeat(30), "e".repeat(30)]] as const) {
      for (const attempt of [1, 2, 9999]) {
        const name = executionName(app, env, COMMIT, attempt);
        expect(name.length).toBeLessThanOrEqual(80);
        expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(name.startsWith(executionNamePrefix(app, env))).toBe(true);
      }
    }
  });

  it("names a distinct execution for every app/env among many long ones", () => {
    const names = new Set<string>();
    for (let i = 0; i < 200; i++) names.add(executionName(`${"service-".repeat(7)}${i}`, `${"environment-".repeat(5)}${i % 7}`, COMMIT));
    expect(names.size).toBe(200);
  });

  it.each([
    ["app", "", "prod", COMMIT],
    ["env", "shop-api", " ", COMMIT],
    ["commit", "shop-api", "prod", ""],
  ])("refuses an empty %s, naming it", (what, app, env, commit) => {
    expect(() => executionName(app, env, commit)).toThrow(`${what}: must be a non-empty string`);
  });

  it.each([0, -1, 1.5, 10_000])("refuses attempt %s", (attempt) => {
    expect(() => executionName("shop-api", "prod", COMMIT, attempt)).toThrow(/attempt: must be a whole number/);
  });
});

describe("executionNamePrefix", () => {
  it("is <app>-<env>- for names that fit", () => {
    expect(executionNamePrefix("shop-api", "prod")).toBe("shop-api-prod-");
  });

  it("shortens and hashes a long app/env so the prefix leaves room for commit and attempt", () => {
    const prefix = executionNamePrefix("a".repeat(64), "e".repeat(64));
    expect(prefix).toMatch(/^a+-e+-[0-9a-f]{12}-$/);
    expect(prefix.length).toBeLessThanOrEqual(62);
  });
});

describe("setIdentifier", () => {
  it.each([
    ["a", "shop-api-prod-a"],
    ["b", "shop-api-prod-b"],
  ] as const)("names slot %s's record <app>-<env>-<slot>", (slot, expected) => {
    expect(setIdentifier("shop-api", "prod", slot)).toBe(expected);
  });
});

describe("configParameterName", () => {
  it.each<[string, string | undefined, string]>([
    ["uses /glidepath by default", undefined, "/glidepath/shop-api/prod/config"],
    ["accepts another prefix", "/teams/web", "/teams/web/shop-api/prod/config"],
    ["tolerates a trailing slash and a missing leading one", "teams/", "/teams/shop-api/prod/config"],
  ])("%s", (_rule, prefix, expected) => {
    expect(configParameterName("shop-api", "prod", prefix)).toBe(expected);
  });
});

describe("parseConfigParameterName", () => {
  it.each<[string, string, string | undefined, { app: string; env: string } | null]>([
    ["reads app and env back", "/glidepath/shop-api/prod/config", undefined, { app: "shop-api", env: "prod" }],
    ["reads them under another prefix", "/teams/web/shop-api/prod/config", "/teams/web", { app: "shop-api", env: "prod" }],
    ["rejects another prefix", "/other/shop-api/prod/config", undefined, null],
    ["rejects a name not ending in /config", "/glidepath/shop-api/prod/secrets", undefined, null],
    ["rejects extra path segments", "/glidepath/shop-api/prod/x/config", undefined, null],
    ["rejects an empty env", "/glidepath/shop-api//config", undefined, null],
  ])("%s", (_rule, name, prefix, expected) => {
    expect(parseConfigParameterName(name, prefix)).toEqual(expected);
  });

  it("inverts configParameterName", () => {
    expect(parseConfigParameterName(configParameterName("web", "staging"))).toEqual({ app: "web", env: "staging" });
  });
});
