import { describe, expect, it } from "vitest";
import type { AlarmPolicy } from "../../functions/core/config.ts";
import type { AlarmState, Verdict } from "../../functions/core/model.ts";
import { alarmPoliciesFor, judge, policyFailsOnNoData } from "../../functions/core/verdicts.ts";
import { aParsedConfig } from "../fixtures/config.ts";

const ok = (name: string): AlarmState => ({ name, state: "OK" });
const firing = (name: string, reason: string): AlarmState => ({ name, state: "ALARM", reason });
const noData = (name: string): AlarmState => ({ name, state: "INSUFFICIENT_DATA" });
const policy = (name: string, missingData: AlarmPolicy["missingData"] = "wait"): AlarmPolicy => ({ name, missingData });

describe("judge", () => {
  it.each<[string, AlarmState[], AlarmPolicy[], Verdict]>([
    ["no alarms configured is healthy", [], [], { verdict: "healthy", reason: "no alarms configured" }],
    ["every alarm OK is healthy", [ok("5xx"), ok("p99")], [policy("5xx"), policy("p99")], { verdict: "healthy", reason: "all alarms OK: 5xx, p99" }],
    ["one alarm in ALARM is unhealthy, with its state reason", [firing("5xx", "Threshold Crossed: 3 > 1"), ok("p99")], [policy("5xx"), policy("p99")], { verdict: "unhealthy", reason: "5xx is in ALARM (Threshold Crossed: 3 > 1)" }],
    ["every alarm in ALARM is named", [firing("5xx", "3 > 1"), firing("p99", "900 > 500")], [policy("5xx"), policy("p99")], { verdict: "unhealthy", reason: "5xx is in ALARM (3 > 1); p99 is in ALARM (900 > 500)" }],
    ["ALARM outranks a missing alarm", [firing("5xx", "3 > 1")], [policy("5xx"), policy("gone")], { verdict: "unhealthy", reason: "5xx is in ALARM (3 > 1)" }],
    ["an alarm in ALARM counts even when its no-data policy is ignore", [firing("5xx", "3 > 1")], [policy("5xx", "ignore")], { verdict: "unhealthy", reason: "5xx is in ALARM (3 > 1)" }],
    ["a configured alarm that does not exist is an error", [ok("5xx")], [policy("5xx"), policy("gone")], { verdict: "error", reason: "alarm gone does not exist" }],
    ["several missing alarms are all named", [], [policy("x"), policy("y")], { verdict: "error", reason: "alarms x, y do not exist" }],
    ["no data under policy fail is inconclusive and says why", [noData("5xx")], [policy("5xx", "fail")], { verdict: "inconclusive", reason: "5xx has no data and its policy is fail" }],
    ["no data under policy wait is inconclusive, waiting", [noData("5xx"), ok("p99")], [policy("5xx", "wait"), policy("p99")], { verdict: "inconclusive", reason: "5xx has no data yet; waiting for data" }],
    ["no data under policy ignore is skipped", [noData("5xx"), ok("p99")], [policy("5xx", "ignore"), policy("p99")], { verdict: "healthy", reason: "alarm OK: p99; ignoring 5xx (no data)" }],
    ["only ignored alarms without data is healthy", [noData("5xx")], [policy("5xx", "ignore")], { verdict: "healthy", reason: "no alarm has data and each one's policy is ignore: 5xx" }],
    ["alarms that are not configured are not judged", [firing("other", "x"), ok("5xx")], [policy("5xx")], { verdict: "healthy", reason: "alarm OK: 5xx" }],
  ])("%s", (_rule, alarms, policies, expected) => {
    expect(judge(alarms, policies)).toEqual(expected);
  });
});

describe("policyFailsOnNoData", () => {
  it.each<[string, AlarmState[], AlarmPolicy[], boolean]>([
    ["an alarm without data whose policy is fail", [noData("x")], [policy("x", "fail")], true],
    ["an alarm without data whose policy is wait", [noData("x")], [policy("x", "wait")], false],
    ["a fail-policy alarm that has data", [ok("x")], [policy("x", "fail")], false],
  ])("is %s → %s", (_rule, alarms, policies, expected) => {
    expect(policyFailsOnNoData(alarms, policies)).toBe(expected);
  });
});

describe("alarmPoliciesFor", () => {
  it.each<[string, string, "a" | "b", string]>([
    ["substitutes the slot receiving the new version", "shop-api-prod-{slot}-5xx", "b", "shop-api-prod-b-5xx"],
    ["substitutes every {slot}", "{slot}-x-{slot}", "a", "a-x-a"],
    ["keeps a name without {slot}", "shop-api-prod-latency", "a", "shop-api-prod-latency"],
  ])("%s", (_rule, name, slot, expected) => {
    const config = aParsedConfig({ analysis: { alarms: [{ name, missingData: "fail" }] } });
    expect(alarmPoliciesFor(config, slot)).toEqual([{ name: expected, missingData: "fail" }]);
  });
});
