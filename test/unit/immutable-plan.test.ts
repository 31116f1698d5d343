// The immutable strategy's plan: no steps (the temporary group is the new fleet), a final bake described as
// what it is, the cut-over in the estimate, and a temporary group name that always fits Auto Scaling's limit.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/core/config.ts";
import { describeFleetChange, temporaryGroupName } from "../../functions/core/group-plan.ts";
import { compilePlan, describePlan } from "../../functions/core/plan.ts";
import { estimatePlan } from "../../functions/core/plan-cost.ts";
import { aGroupConfig } from "../fixtures/config.ts";

function immutable() {
  const parsed = parseConfig(aGroupConfig({ strategy: { kind: "immutable" }, finalBake: "5m" }));
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.config;
}

describe("the immutable plan", () => {
  it("has no steps, and says the final bake runs with the temporary group beside the group", () => {
    const plan = compilePlan(immutable());
    expect(plan.steps).toEqual([]);
    expect(describePlan(plan)).toEqual(["Final bake 5m with the temporary group serving beside the group, under alarm watch"]);
    expect(describeFleetChange(plan.fleetChange!)).toMatch(/^Temporary group: .* on rollback drained out of the load balancer and deleted$/);
  });

  it("prices the temporary group's set-up and the cut-over before promotion", () => {
    const { steps } = estimatePlan(immutable());
    expect(steps.map((row) => row.label)).toEqual([
      "Set up: image, temporary group, put in service",
      "Final bake 5m with the temporary group serving beside the group, under alarm watch",
      "Cut over to the new instances, promote, retire old images",
    ]);
    // Cut over, promote, retire, release: four Lambda calls after the final bake.
    expect(steps.at(-1)).toMatchObject({ lambdaInvocations: 4, durationSeconds: 0 });
  });
});

describe("temporaryGroupName", () => {
  it.each([
    ["puts the deployment after the group", "web", "shop-api-prod-0123456789ab", "web-immutable-shop-api-prod-0123456789ab"],
    ["shortens a long group name from its end to fit 255 characters", "g".repeat(255), "shop-api-prod-0123456789ab", `${"g".repeat(255 - 37)}-immutable-shop-api-prod-0123456789ab`],
  ])("%s", (_rule, group, deploymentId, expected) => {
    const name = temporaryGroupName(group, deploymentId);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(255);
  });
});
