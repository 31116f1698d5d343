import { describe, expect, it } from "vitest";
import { judgeBakeWindow, requiredHealthySeconds, type BakeWindow } from "../../functions/core/bake-judge.ts";
import type { AlarmPolicy } from "../../functions/core/config.ts";
import type { AlarmState, AlarmStateChange } from "../../functions/core/model.ts";

const START = Date.parse("2026-01-01T12:00:00Z");
const END = START + 10 * 60_000;
const policy = (name: string, missingData: AlarmPolicy["missingData"] = "wait"): AlarmPolicy => ({ name, missingData }) as AlarmPolicy;
const ok = (name: string): AlarmState => ({ name, state: "OK" });
const change = (minute: number, from: AlarmStateChange["from"], to: AlarmStateChange["to"], alarm = "5xx"): AlarmStateChange => ({
  alarm,
  at: START + minute * 60_000,
  from,
  to,
  reason: to === "ALARM" ? "3 > 1" : "0 < 1",
});

function aWindow(overrides: Partial<BakeWindow> = {}): BakeWindow {
  return { policies: [policy("5xx")], alarms: [ok("5xx")], history: [], startedAt: START, endedAt: END, requiredHealthySeconds: 0, ...overrides };
}

describe("judgeBakeWindow", () => {
  it.each<[string, Partial<BakeWindow>, "pass" | "fail", string]>([
    ["passes when every alarm stayed OK for the whole bake", {}, "pass", "healthy"],
    ["fails when an alarm is in ALARM at the end", { alarms: [{ name: "5xx", state: "ALARM", reason: "3 > 1" }] }, "fail", "unhealthy"],
    ["fails when an alarm fired and cleared inside the window (a lost breaker event)", { history: [change(3, "OK", "ALARM"), change(4, "ALARM", "OK")] }, "fail", "unhealthy"],
    ["fails a flapping alarm however it ends", { history: [change(1, "OK", "ALARM"), change(2, "ALARM", "OK"), change(5, "OK", "ALARM"), change(6, "ALARM", "OK")] }, "fail", "unhealthy"],
    ["ignores an ALARM before the window began", { history: [change(-5, "OK", "ALARM"), change(-4, "ALARM", "OK")] }, "pass", "healthy"],
    ["ignores alarms it does not watch", { history: [change(3, "OK", "ALARM", "someone-else")] }, "pass", "healthy"],
    ["fails when an alarm it watches does not exist", { alarms: [] }, "fail", "error"],
    ["fails when still without data at the end", { alarms: [{ name: "5xx", state: "INSUFFICIENT_DATA" }] }, "fail", "inconclusive"],
    ["fails when OK for less than the anti-flap span at the end", { history: [change(9, "INSUFFICIENT_DATA", "OK")], requiredHealthySeconds: 90 }, "fail", "inconclusive"],
    ["passes when OK for at least the anti-flap span at the end", { history: [change(8, "INSUFFICIENT_DATA", "OK")], requiredHealthySeconds: 90 }, "pass", "healthy"],
  ])("%s", (_rule, overrides, next, verdict) => {
    expect(judgeBakeWindow(aWindow(overrides))).toMatchObject({ next, verdict });
  });

  it.each<[string, Partial<BakeWindow>, string]>([
    ["a fired alarm is named with when and why", { history: [change(3, "OK", "ALARM"), change(4, "ALARM", "OK")] }, "5xx entered ALARM 1 time during the bake (first at 12:03:00: 3 > 1) and is OK now"],
    ["a flap says how often", { history: [change(1, "OK", "ALARM"), change(2, "ALARM", "OK"), change(5, "OK", "ALARM")], alarms: [{ name: "5xx", state: "ALARM" }] }, "5xx entered ALARM 2 times (flapping) during the bake (first at 12:01:00: 3 > 1) and is ALARM now"],
    ["a short healthy streak names the alarm and the span", { history: [change(9, "INSUFFICIENT_DATA", "OK")], requiredHealthySeconds: 90 }, "not healthy long enough at the end of the bake: 5xx has been OK for 1m, 1m30s needed"],
    ["a pass says how long it baked", {}, "healthy for the whole bake (10m, no alarm fired): alarm OK: 5xx"],
  ])("explains itself: %s", (_rule, overrides, reason) => {
    expect(judgeBakeWindow(aWindow(overrides)).reason).toBe(reason);
  });
});

describe("requiredHealthySeconds", () => {
  it.each([
    ["one success needs only the state at the end", 1, 30, 600, 0],
    ["three successes 30 s apart span a minute", 3, 30, 600, 60],
    ["never more than the bake itself", 10, 60, 300, 300],
  ])("%s", (_rule, successes, interval, bake, expected) => {
    expect(requiredHealthySeconds(successes, interval, bake)).toBe(expected);
  });
});
