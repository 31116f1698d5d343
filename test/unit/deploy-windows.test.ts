import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/core/config.ts";
import { deployGate, inWindow, type DeployWindow } from "../../functions/core/deploy-windows.ts";
import { aConfig } from "../fixtures/config.ts";

const OFFICE: DeployWindow = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00", timeZone: "Europe/Berlin" };
const NIGHT: DeployWindow = { days: ["sat"], from: "22:00", to: "02:00", timeZone: "UTC" };
const at = (text: string) => Date.parse(text);

describe("deploy windows", () => {
  it.each<[string, DeployWindow, string, boolean]>([
    ["opens at its start, Berlin time in winter (UTC+1)", OFFICE, "2026-12-07T08:00:00Z", true],
    ["is closed a minute before", OFFICE, "2026-12-07T07:59:00Z", false],
    ["is closed at its end", OFFICE, "2026-12-07T16:00:00Z", false],
    ["follows summer time (UTC+2 in July)", OFFICE, "2026-07-06T07:30:00Z", true],
    ["is closed on a Saturday", OFFICE, "2026-12-05T10:00:00Z", false],
    ["spans midnight from its day into the next", NIGHT, "2026-12-06T01:30:00Z", true],
    ["does not open on the day after for the evening", NIGHT, "2026-12-06T23:00:00Z", false],
  ])("%s", (_rule, window, time, expected) => {
    expect(inWindow(window, at(time))).toBe(expected);
  });

  it("says when a closed gate opens: Saturday noon → Monday 09:00 in Berlin", () => {
    const gate = deployGate(at("2026-12-05T12:00:00Z"), [OFFICE], []);
    expect(gate).toEqual({ open: false, opensAt: at("2026-12-07T08:00:00Z"), reason: "outside the deploy windows (mon,tue,wed,thu,fri 09:00–17:00 Europe/Berlin); opens 2026-12-07T08:00:00.000Z" });
  });

  it("keeps a freeze closed inside a window and opens at the first window minute after it", () => {
    const freeze = [{ from: "2026-12-07T00:00:00Z", to: "2026-12-08T12:00:00Z", reason: "year-end change freeze" }];
    const gate = deployGate(at("2026-12-07T09:00:00Z"), [OFFICE], freeze);
    expect(gate).toEqual({ open: false, opensAt: at("2026-12-08T12:00:00Z"), reason: "frozen until 2026-12-08T12:00:00.000Z: year-end change freeze; opens 2026-12-08T12:00:00.000Z" });
  });

  it("is open any time without windows or freezes", () => {
    expect(deployGate(at("2026-12-05T03:00:00Z"), [], [])).toEqual({ open: true });
  });
});

describe("windows and freeze in a config", () => {
  const problems = (overrides: object) => {
    const result = parseConfig({ ...aConfig(), ...overrides });
    return result.ok ? [] : result.problems;
  };

  it("default to none", () => {
    const result = parseConfig(aConfig());
    expect(result.ok && [result.config.windows, result.config.freeze]).toEqual([[], []]);
  });

  it.each<[string, object, string[]]>([
    ["an unknown time zone", { windows: [{ ...OFFICE, timeZone: "Mars/Olympus" }] }, ['windows[0].timeZone: must be an IANA time zone such as "Europe/Berlin" or "UTC"']],
    ["a time of day past 23:59", { windows: [{ ...OFFICE, to: "24:00" }] }, ['windows[0].to: must be a time of day, "HH:MM" (00:00–23:59)']],
    ["a window that closes as it opens", { windows: [{ ...OFFICE, to: "09:00" }] }, ["windows[0].to: opens and closes at the same time: a window must last at least a minute"]],
    ["a day that is not a weekday", { windows: [{ ...OFFICE, days: ["monday"] }] }, ["windows[0].days[0]: must be one of mon, tue, wed, thu, fri, sat, sun"]],
    ["a freeze that ends before it starts", { freeze: [{ from: "2026-12-20T00:00:00Z", to: "2026-12-01T00:00:00Z", reason: "x" }] }, ["freeze[0].to: must be after from"]],
    ["a freeze without a reason", { freeze: [{ from: "2026-12-20T00:00:00Z", to: "2026-12-21T00:00:00Z" }] }, ["freeze[0].reason: is required"]],
  ])("refuses %s with its path", (_rule, overrides, expected) => {
    expect(problems(overrides)).toEqual(expected);
  });
});
