import { describe, expect, it } from "vitest";
import { colourWanted, formatEvent, formatStatus, type LiveStatus } from "../../../local/report/live.ts";
import { T0 } from "./a-timeline.ts";

const aStatus = (overrides: Partial<LiveStatus> = {}): LiveStatus => ({
  t: T0 + 125_000,
  startedAt: T0,
  step: "step 2/5: set weight 25%",
  weights: { a: 64, b: 192 },
  requests: { a: 25, b: 75 },
  errorRate: { a: 32, b: 0 },
  p99Ms: { a: 3_000.4, b: 4 },
  alarms: [{ name: "shop-5xx-a", state: "ALARM" }],
  verdict: "unhealthy: shop-5xx-a in ALARM",
  ...overrides,
});

describe("live timeline", () => {
  it("prints an event on one line with its time since start", () => {
    const line = formatEvent({ t: T0 + 65_000, kind: "alarm", text: "shop-5xx-a OK → ALARM\nsecond line" }, T0, { colour: false });
    expect(line).toBe("[01:05] ALARM    shop-5xx-a OK → ALARM second line");
  });

  it("prints the status with shares from weights, error rates, p99 latencies, alarms and verdict", () => {
    expect(formatStatus(aStatus(), { colour: false })).toBe(
      "[02:05] step 2/5: set weight 25% │ a 25% · b 75% │ req a 25 · b 75 │ err a 32.0% · b 0.0% │ p99 a 3000 ms · b 4 ms │ shop-5xx-a ALARM │ unhealthy: shop-5xx-a in ALARM",
    );
  });

  it("shows one group's new-version share of InService instances instead of slot shares, and its traffic as one fleet", () => {
    const line = formatStatus(aStatus({ instances: { onNew: 1, inService: 4 }, alarms: [{ name: "shop-5xx", state: "OK" }], verdict: undefined }), { colour: false });
    expect(line).toBe("[02:05] step 2/5: set weight 25% │ new 1/4 InService (25%) │ req 25 │ err 32.0% │ p99 3000 ms │ shop-5xx OK");
  });

  it("reads a group with no InService instance as 0% new", () => {
    expect(formatStatus(aStatus({ instances: { onNew: 0, inService: 0 } }), { colour: false })).toContain("│ new 0/0 InService (0%) │");
  });

  it("names the release being deployed before its step", () => {
    expect(formatStatus(aStatus({ release: "v3" }), { colour: false })).toMatch(/^\[02:05\] v3 · step 2\/5: set weight 25% │/);
  });

  it("shows a dash for a slot with no requests and says when no alarms are watched", () => {
    const line = formatStatus(aStatus({ errorRate: { a: undefined, b: 0 }, p99Ms: { a: undefined, b: 4 }, alarms: [], verdict: undefined }), { colour: false });
    expect(line).toContain("err a – · b 0.0%");
    expect(line).toContain("p99 a – · b 4 ms");
    expect(line).toMatch(/no alarms$/);
  });

  it("adds ANSI colours only when asked", () => {
    expect(formatStatus(aStatus(), { colour: true })).toContain("\u001b[31mALARM\u001b[0m");
    expect(formatStatus(aStatus(), { colour: false })).not.toContain("\u001b[");
  });

  it.each([
    [true, {}, true],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [false, {}, false],
  ])("wants colour on a TTY=%s with env %j: %s", (isTTY, env, wanted) => {
    expect(colourWanted({ isTTY }, env)).toBe(wanted);
  });
});
