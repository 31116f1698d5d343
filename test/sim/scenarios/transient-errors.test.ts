// Incidents where an AWS service answers 5xx for a while in the middle of a rollout: a short outage must not
// fail a good release, and a long one must roll back with a reason naming the service, call and error.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

const getChangeUnavailable = (times: number) => ({ service: "route53" as const, operation: "GetChange", error: "ServiceUnavailable", times, during: "v2" });

describe("Route 53 answering 503 mid-rollout", () => {
  it("a good release still promotes when GetChange answers ServiceUnavailable three times in a row", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [getChangeUnavailable(3)] }));
    expect(result.deployments.map((d) => [d.commit, d.outcome])).toEqual([
      ["v1", "promoted"],
      ["v2", "promoted"],
    ]);
    expect(result.liveCommit).toBe("v2");
  });

  it("an outage outlasting every retry rolls back, and the reason names Route 53, GetChange, the 503 and the retries", async () => {
    // 9 invocations (1 + 8 state machine retries) × 3 SDK attempts = 27 calls, all answered 503.
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [getChangeUnavailable(27)] }));
    const failed = result.deployments[1]!;
    expect(failed.outcome).toBe("rolled_back");
    expect(highestShiftPercent(failed.steps, "a")).toBeGreaterThan(0);
    expect(failed.weights).toEqual({ a: 0, b: 100 });
    expect(failed.reason).toContain("AwsServerError: Route 53 GetChange: ServiceUnavailable (HTTP 503, 3 SDK attempts)");
    expect(failed.reason).toContain("still failing after 8 retries by the state machine");
    expect(result.liveCommit).toBe("v1");
  });
});
