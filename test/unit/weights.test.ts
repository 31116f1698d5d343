import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlotName } from "../../functions/core/config.ts";
import type { Weights } from "../../functions/core/model.ts";
import { servingSlot, shareOf, weightsFor } from "../../functions/core/weights.ts";

const slot = fc.constantFrom<SlotName>("a", "b");
const percent = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
const other = (s: SlotName): SlotName => (s === "a" ? "b" : "a");

describe("weightsFor", () => {
  it.each<[string, number, SlotName, Weights]>([
    ["0% leaves the new slot at weight 0", 0, "b", { a: 100, b: 0 }],
    ["100% leaves the old slot at weight 0", 100, "b", { a: 0, b: 100 }],
    ["an integer percent uses a 100-based scale", 5, "b", { a: 95, b: 5 }],
    ["the new slot can be a", 25, "a", { a: 25, b: 75 }],
    ["an even split stays on the 100 scale", 50, "a", { a: 50, b: 50 }],
    ["12.5% uses the smallest exact total (1 of 8)", 12.5, "a", { a: 1, b: 7 }],
    ["0.5% is exact as 1 of 200", 0.5, "b", { a: 199, b: 1 }],
    ["a third is 1 of 3", 100 / 3, "b", { a: 2, b: 1 }],
    ["0.1% still sends the new slot one unit", 0.1, "b", { a: 254, b: 1 }],
    ["99.9% still leaves the old slot one unit", 99.9, "b", { a: 1, b: 254 }],
  ])("%s", (_rule, p, newSlot, expected) => {
    expect(weightsFor(p, newSlot)).toEqual(expected);
  });

  it.each([[-1], [100.5], [Number.NaN], [Number.POSITIVE_INFINITY]])("refuses %s with the name of the problem", (p) => {
    expect(() => weightsFor(p, "a")).toThrow(/percentToNew: must be a number from 0 to 100/);
  });

  it("gives integers 0–255 and never both 0", () => {
    fc.assert(
      fc.property(percent, slot, (p, s) => {
        const w = weightsFor(p, s);
        for (const value of [w.a, w.b]) expect(Number.isInteger(value) && value >= 0 && value <= 255).toBe(true);
        expect(w.a + w.b).toBeGreaterThan(0);
      }),
    );
  });

  it("gives the new slot within 0.5% of the requested share", () => {
    fc.assert(
      fc.property(percent, slot, (p, s) => {
        expect(Math.abs(shareOf(weightsFor(p, s), s) - p)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it("is exact for every integer percent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), slot, (p, s) => {
        expect(shareOf(weightsFor(p, s), s)).toBe(p);
      }),
    );
  });

  it("sends nothing to the new slot at 0 and nothing to the old slot at 100", () => {
    fc.assert(
      fc.property(slot, (s) => {
        expect(weightsFor(0, s)[s]).toBe(0);
        expect(weightsFor(100, s)[other(s)]).toBe(0);
      }),
    );
  });

  it("never gives the new slot less for a larger percent", () => {
    fc.assert(
      fc.property(percent, percent, slot, (p, q, s) => {
        const [low, high] = p <= q ? [p, q] : [q, p];
        expect(shareOf(weightsFor(low, s), s)).toBeLessThanOrEqual(shareOf(weightsFor(high, s), s));
      }),
    );
  });
});

describe("shareOf", () => {
  it.each<[string, Weights, SlotName, number]>([
    ["a slot's share is its weight over the sum", { a: 3, b: 1 }, "b", 25],
    ["weight 0 gets nothing while the other has weight", { a: 0, b: 7 }, "a", 0],
    ["all-zero weights split equally, as Route 53 does", { a: 0, b: 0 }, "a", 50],
  ])("%s", (_rule, weights, s, expected) => {
    expect(shareOf(weights, s)).toBe(expected);
  });
});

describe("servingSlot", () => {
  it.each([
    [{ a: 0, b: 100 }, "b"],
    [{ a: 90, b: 10 }, "a"],
    [{ a: null, b: 100 }, "b"],
    [{ a: 0, b: 0 }, null],
    [{ a: null, b: null }, null],
  ] as const)("the slot with most traffic in %o is %s", (weights, slot) => {
    expect(servingSlot(weights)).toBe(slot);
  });
});
