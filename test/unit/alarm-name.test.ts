import { describe, expect, it } from "vitest";
import { alarmNameFor, isPerSlot } from "../../functions/core/alarm-name.ts";
import type { SlotName } from "../../functions/core/config.ts";

describe("alarmNameFor", () => {
  it.each<[string, string, SlotName, string]>([
    ["reads {slot} as the slot receiving the new version", "shop-api-prod-{slot}-5xx", "b", "shop-api-prod-b-5xx"],
    ["reads {slot} as slot a when a receives it", "shop-api-prod-{slot}-5xx", "a", "shop-api-prod-a-5xx"],
    ["replaces every {slot}, not only the first", "{slot}-errors-{slot}", "a", "a-errors-a"],
    ["keeps a name without {slot} as the alarm both slots share", "shop-api-prod-latency", "b", "shop-api-prod-latency"],
    ["leaves other braces alone", "shop-{env}-{slot}", "b", "shop-{env}-b"],
    ["is case-sensitive, as CloudWatch alarm names are", "shop-{SLOT}", "a", "shop-{SLOT}"],
  ])("%s", (_rule, name, slot, expected) => {
    expect(alarmNameFor(name, slot)).toBe(expected);
  });
});

describe("isPerSlot", () => {
  it.each([
    ["shop-api-prod-{slot}-5xx", true],
    ["shop-api-prod-latency", false],
  ])("says whether %s names one alarm per slot", (name, expected) => {
    expect(isPerSlot(name)).toBe(expected);
  });
});
