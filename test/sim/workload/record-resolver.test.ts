import { describe, expect, it } from "vitest";
import { recordResolver, slotOf } from "../../../local/traffic/record-resolver.ts";

const balancers: Record<string, string> = { "a.shop.sandbox.": "http://127.0.0.1:4001", "b.shop.sandbox.": "http://127.0.0.1:4002" };

describe("record resolver", () => {
  it("turns a weighted answer into its slot, balancer URL and TTL", () => {
    const asked: string[] = [];
    const resolve = recordResolver({
      resolveRecord: (name) => (asked.push(name), { setIdentifier: "shop-prod-b", value: "b.shop.sandbox.", ttl: 30 }),
      recordName: "shop.example.com",
      balancerUrlFor: (value) => balancers[value],
    });
    expect(resolve(0)).toEqual({ slot: "b", url: "http://127.0.0.1:4002", ttl: 30 });
    expect(asked).toEqual(["shop.example.com"]);
  });

  it.each([
    ["nothing has propagated", undefined],
    ["the record has no slot suffix", { setIdentifier: "shop-prod", value: "a.shop.sandbox.", ttl: 30 }],
    ["the endpoint is unknown", { setIdentifier: "shop-prod-a", value: "elsewhere.", ttl: 30 }],
  ])("gives no answer when %s", (_why, answer) => {
    const resolve = recordResolver({ resolveRecord: () => answer, recordName: "shop.example.com", balancerUrlFor: (v) => balancers[v] });
    expect(resolve(0)).toBeUndefined();
  });

  it.each([
    ["shop-api-prod-a", "a"],
    ["shop-api-prod-b", "b"],
    ["shop-api-prod-c", undefined],
    [undefined, undefined],
  ])("reads slot of SetIdentifier %s as %s", (id, slot) => {
    expect(slotOf(id)).toBe(slot);
  });
});
