import { describe, expect, it } from "vitest";
import { configParameterName, executionName, parseConfigParameterName, setIdentifier } from "../../functions/core/naming.ts";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";

describe("executionName", () => {
  it.each<[string, string, string, string, string]>([
    ["joins app, env and the first 12 characters of the commit", "shop-api", "prod", COMMIT, "shop-api-prod-0123456789ab"],
    ["keeps a short commit whole", "shop-api", "prod", "abc123", "shop-api-prod-abc123"],
    ["replaces characters Step Functions names cannot carry", "shop.api", "prod eu", COMMIT, "shop-api-prod-eu-0123456789ab"],
    ["keeps the env whole and trims a long app", "a".repeat(100), "prod", COMMIT, `${"a".repeat(62)}-prod-0123456789ab`],
    ["keeps the app whole and trims a long env", "shop-api", "e".repeat(100), COMMIT, `shop-api-${"e".repeat(58)}-0123456789ab`],
    ["splits what is left when both are long", "a".repeat(100), "e".repeat(100), COMMIT, `${"a".repeat(33)}-${"e".repeat(33)}-0123456789ab`],
  ])("%s", (_rule, app, env, commit, expected) => {
    const name = executionName(app, env, commit);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ["app", "", "prod", COMMIT],
    ["env", "shop-api", " ", COMMIT],
    ["commit", "shop-api", "prod", ""],
  ])("refuses an empty %s, naming it", (what, app, env, commit) => {
    expect(() => executionName(app, env, commit)).toThrow(`${what}: must be a non-empty string`);
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
