// The bucketing a percentage rollout rests on, as properties: a key's answer depends only on the flag and the
// key, and growing the percentage only ever turns a key on.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Flag } from "../../functions/flags/document.ts";
import { BUCKETS, bucketOf, evaluateFlag } from "../../functions/flags/evaluate.ts";

const percentage = (percent: number, lists: Partial<Flag> = {}): Flag => ({ state: "percentage", percent, by: "userId", ...lists }) as Flag;
const percentArb = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);
const key = fc.string({ minLength: 1, maxLength: 40 });
const flagName = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/);

describe("percentage bucketing", () => {
  it("is monotone: a key on at p is on at every q ≥ p", () => {
    fc.assert(
      fc.property(flagName, key, percentArb, percentArb, (name, userId, p, q) => {
        const [low, high] = p <= q ? [p, q] : [q, p];
        const atLow = evaluateFlag(name, percentage(low), { userId }).on;
        const atHigh = evaluateFlag(name, percentage(high), { userId }).on;
        return !atLow || atHigh;
      }),
      { numRuns: 2000 },
    );
  });

  it("is stable: a key keeps its bucket whatever the percentage, on every call", () => {
    fc.assert(
      fc.property(flagName, key, fc.array(percentArb, { minLength: 1, maxLength: 6 }), (name, userId, percents) => {
        const buckets = percents.map((percent) => evaluateFlag(name, percentage(percent), { userId }).bucket);
        return buckets.every((bucket) => bucket === bucketOf(name, userId)) && bucketOf(name, userId) === bucketOf(name, userId);
      }),
    );
  });

  it("is on exactly for buckets below percent × 100", () => {
    fc.assert(
      fc.property(flagName, key, percentArb, (name, userId, percent) => {
        const answer = evaluateFlag(name, percentage(percent), { userId });
        return answer.on === (bucketOf(name, userId) < Math.round(percent * 100)) && answer.bucket! >= 0 && answer.bucket! < BUCKETS;
      }),
    );
  });

  it("is off at 0% and on at 100% for every key", () => {
    fc.assert(
      fc.property(flagName, key, (name, userId) => !evaluateFlag(name, percentage(0), { userId }).on && evaluateFlag(name, percentage(100), { userId }).on),
    );
  });

  it("spreads keys evenly: 25% of 20,000 users is within 1.5 points of 25%", () => {
    const on = Array.from({ length: 20_000 }, (_, i) => evaluateFlag("new-checkout", percentage(25), { userId: `user-${i}` }).on).filter(Boolean).length;
    expect(Math.abs(on / 20_000 - 0.25)).toBeLessThan(0.015);
  });

  it("buckets each flag on its own, so two flags at 10% are not on for the same users", () => {
    const users = Array.from({ length: 5_000 }, (_, i) => `user-${i}`);
    const both = users.filter((userId) => evaluateFlag("one", percentage(10), { userId }).on && evaluateFlag("two", percentage(10), { userId }).on).length;
    // Independent 10% draws overlap on about 1% of users; the same hash for both would overlap on 10%.
    expect(both / users.length).toBeLessThan(0.03);
  });
});

describe("evaluating a flag", () => {
  it.each<[string, Flag, Record<string, string>, { on: boolean; reason: string }]>([
    ["denies a denied key even when the flag is on", { state: "on", by: "userId", deny: ["u1"] }, { userId: "u1" }, { on: false, reason: "denied" }],
    ["allows an allowed key while the flag is off", { state: "off", by: "userId", allow: ["u1"] }, { userId: "u1" }, { on: true, reason: "allowed" }],
    ["lets deny win over allow", { state: "on", by: "userId", allow: ["u1"], deny: ["u1"] }, { userId: "u1" }, { on: false, reason: "denied" }],
    ["matches the lists on the flag's own key", { state: "off", by: "sessionId", allow: ["s9"] }, { userId: "s9", sessionId: "s9" }, { on: true, reason: "allowed" }],
    ["is off for a percentage without its key", percentage(100), { sessionId: "s1" }, { on: false, reason: "noKey" }],
    ["is on for everyone when on", { state: "on", by: "userId" }, {}, { on: true, reason: "on" }],
  ])("%s", (_rule, flag, context, expected) => {
    expect(evaluateFlag("checkout", flag, context)).toMatchObject(expected);
  });
});
