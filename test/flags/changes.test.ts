import { describe, expect, it } from "vitest";
import { killFlag, setFlag } from "../../functions/flags/changes.ts";
import type { FlagDocument } from "../../functions/flags/document.ts";

const aDocument = (): FlagDocument => ({ flags: { checkout: { state: "percentage", percent: 25, by: "sessionId", allow: ["qa-1"] } } });

describe("flag changes", () => {
  it.each<[string, Parameters<typeof setFlag>[2], unknown]>([
    ["keeps the percentage when only a list changes", { deny: ["vip-1"] }, { state: "percentage", percent: 25, by: "sessionId", allow: ["qa-1"], deny: ["vip-1"] }],
    ["drops the percentage when the flag is switched on", { state: "on" }, { state: "on", by: "sessionId", allow: ["qa-1"] }],
    ["removes a list given empty", { allow: [] }, { state: "percentage", percent: 25, by: "sessionId" }],
    ["keeps each listed value once", { allow: ["a", "b", "a"] }, { state: "percentage", percent: 25, by: "sessionId", allow: ["a", "b"] }],
  ])("%s", (_rule, change, expected) => {
    const result = setFlag(aDocument(), "checkout", change);
    expect(result).toMatchObject({ ok: true, changed: true, flag: expected });
  });

  it("leaves its input alone", () => {
    const before = aDocument();
    setFlag(before, "checkout", { percent: 50 });
    killFlag(before, "checkout");
    expect(before).toEqual(aDocument());
  });

  it("says when nothing changes", () => {
    expect(setFlag(aDocument(), "checkout", { percent: 25 })).toMatchObject({ ok: true, changed: false });
  });
});
