import { describe, expect, it } from "vitest";
import { drainPlan, drainVerdict, ROUTE53_PROPAGATION_BOUND_SECONDS } from "../../functions/core/drain.ts";

const change = (insyncAt: number | null) => ({ id: "C1", insyncAt });

describe("drainVerdict", () => {
  it.each([
    ["keeps a fleet whose weight could not be read", { weight: null, change: null }, "serving"],
    ["keeps a fleet Route 53 still weights", { weight: 10, change: change(0) }, "serving"],
    ["waits for the change that took the traffic away to be INSYNC", { weight: 0, change: change(null) }, "waitForSync"],
    ["waits one TTL after INSYNC for resolver caches", { weight: 0, change: change(100_000) }, "waitForCaches"],
    ["lets a fleet go once INSYNC and one TTL have passed", { weight: 0, change: change(40_000) }, "drained"],
    ["lets a fleet go that has weight 0 and no change in flight", { weight: 0, change: null }, "drained"],
  ] as const)("%s", (_rule, evidence, kind) => {
    expect(drainVerdict({ ...evidence, ttlSeconds: 60, now: 100_000 }).kind).toBe(kind);
  });

  it("says how long resolvers may still cache the old answer", () => {
    const verdict = drainVerdict({ weight: 0, change: change(1_000_000), ttlSeconds: 60, now: 1_030_000 });
    expect(verdict).toMatchObject({ kind: "waitForCaches", waitSeconds: 30 });
  });
});

describe("drainPlan", () => {
  it("waits for the known change, then one TTL", () => {
    expect(drainPlan({ slot: "a", changeId: "C1", hadTraffic: true, ttlSeconds: 60 })).toMatchObject({ changeId: "C1", waitSeconds: 60 });
  });

  it("waits propagation and one TTL when traffic moved by an unknown change", () => {
    expect(drainPlan({ slot: "a", changeId: null, hadTraffic: true, ttlSeconds: 60 })).toMatchObject({ changeId: null, waitSeconds: 60 + ROUTE53_PROPAGATION_BOUND_SECONDS });
  });

  it.each([
    ["a known change", "alb:listener:holder-2:0-100"],
    ["an unknown change", null],
  ])("waits for nothing on an ALB, whose move is in effect at once, after %s", (_case, changeId) => {
    expect(drainPlan({ slot: "a", changeId, hadTraffic: true, ttlSeconds: 0, mover: "alb" })).toMatchObject({ changeId: null, waitSeconds: 0, reason: expect.stringMatching(/ALB applied .* at once/) });
  });

  it("does not wait for a slot that never had traffic", () => {
    expect(drainPlan({ slot: "b", changeId: null, hadTraffic: false, ttlSeconds: 60 })).toMatchObject({ changeId: null, waitSeconds: 0 });
  });
});
