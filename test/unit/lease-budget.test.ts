import { describe, expect, it } from "vitest";
import { leaseSeconds, renewalSeconds, SETUP_DEADLINES } from "../../functions/core/lease-budget.ts";
import type { Plan } from "../../functions/core/model.ts";

const canary: Plan = {
  strategy: "canary",
  steps: [{ kind: "setWeight", percent: 10 }, { kind: "bake", seconds: 300 }, { kind: "setWeight", percent: 100 }],
  finalBakeSeconds: 300,
};

describe("how long a deployment holds its lease", () => {
  it("the first grant outlasts the image and fleet deadlines together, so a legal slow bake is never swept", () => {
    expect(leaseSeconds(canary, 900)).toBeGreaterThan(SETUP_DEADLINES.imageSeconds + SETUP_DEADLINES.fleetSeconds + 300 + 300 + 900);
  });

  it("the first grant is the documented sum for a small canary", () => {
    expect(leaseSeconds(canary, 900)).toBe(20_100);
  });

  it("grows with every approval's timeout", () => {
    const withApproval: Plan = { ...canary, steps: [...canary.steps, { kind: "approval", timeoutSeconds: 86_400, question: "ship?" }] };
    expect(leaseSeconds(withApproval, 900) - leaseSeconds(canary, 900)).toBe(86_400);
  });

  it("a renewal covers the longest wait between two Tasks: a 24 h approval", () => {
    const withApproval: Plan = { ...canary, steps: [...canary.steps, { kind: "approval", timeoutSeconds: 86_400, question: "ship?" }] };
    expect(renewalSeconds(withApproval, 900)).toBe(86_400 + 1800);
  });

  it("a renewal covers a scaleDownDelay longer than every bake", () => {
    expect(renewalSeconds(canary, 4 * 3600)).toBe(4 * 3600 + 1800);
  });
});
