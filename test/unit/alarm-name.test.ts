import { describe, expect, it } from "vitest";
import { alarmNameFor, isPerFleet, type FleetNames } from "../../functions/core/alarm-name.ts";
import type { SlotName } from "../../functions/core/config.ts";

const TWO_SLOTS: FleetNames = { slots: { a: { group: "shop-api-prod-a", endpoint: "a.example" }, b: { group: "shop-api-prod-b", endpoint: "b.example" } } };
const ONE_GROUP: FleetNames = { group: { name: "shop-api-prod-web", endpoint: "web.example" } };

describe("alarmNameFor", () => {
  it.each<[string, string, SlotName, FleetNames, string]>([
    ["reads {slot} as the slot receiving the new version", "shop-api-prod-{slot}-5xx", "b", TWO_SLOTS, "shop-api-prod-b-5xx"],
    ["reads {slot} as slot a when a receives it", "shop-api-prod-{slot}-5xx", "a", TWO_SLOTS, "shop-api-prod-a-5xx"],
    ["replaces every {slot}, not only the first", "{slot}-errors-{slot}", "a", TWO_SLOTS, "a-errors-a"],
    ["keeps a name without a placeholder as the alarm both slots share", "shop-api-prod-latency", "b", TWO_SLOTS, "shop-api-prod-latency"],
    ["leaves other braces alone", "shop-{env}-{slot}", "b", TWO_SLOTS, "shop-{env}-b"],
    ["is case-sensitive, as CloudWatch alarm names are", "shop-{SLOT}", "a", TWO_SLOTS, "shop-{SLOT}"],
    ["reads {fleet} as the receiving slot's group on two slots", "{fleet}-5xx", "b", TWO_SLOTS, "shop-api-prod-b-5xx"],
    ["reads {fleet} as the group's own name on one group, not as a slot", "{fleet}-5xx", "a", ONE_GROUP, "shop-api-prod-web-5xx"],
    ["replaces {slot} and {fleet} side by side", "{fleet}/{slot}", "a", TWO_SLOTS, "shop-api-prod-a/a"],
  ])("%s", (_rule, name, slot, fleet, expected) => {
    expect(alarmNameFor(name, slot, fleet)).toBe(expected);
  });
});

describe("isPerFleet", () => {
  it.each([
    ["shop-api-prod-{slot}-5xx", true],
    ["{fleet}-5xx", true],
    ["shop-api-prod-latency", false],
  ])("says whether %s names one alarm per fleet", (name, expected) => {
    expect(isPerFleet(name)).toBe(expected);
  });
});
