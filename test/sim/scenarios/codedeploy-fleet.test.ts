// The CodeDeploy provider in the sandbox: each slot a deployment group over its Auto Scaling group, the baked
// AMI put in service by a launch template version, then the S3 revision deployed (adapters/codedeploy.ts).
import { describe, expect, it } from "vitest";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

const config = {
  ...sandboxConfigInput(),
  fleet: {
    ...sandboxConfigInput().fleet,
    provider: "codedeploy" as const,
    application: "shop-api",
    revision: { bucket: "shop-api-artifacts", key: "appspec/noop-hooks.zip" },
  },
};

describe("a CodeDeploy fleet in the sandbox", () => {
  it("promotes a good release on the new image and rolls a bad one back by its alarm, invariants held", async () => {
    const result = await runScenario(aScenario({ config, then: [{ commit: "v2" }, { commit: "v3-bad", errorRate: 0.2 }] }));
    const [first, good, bad] = result.deployments;
    expect(first).toMatchObject({ outcome: "promoted", liveSlot: "b" });
    expect(good).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(bad!.outcome).toBe("rolled_back");
    expect(bad!.reason).toContain("shop-api-sandbox-b-error-rate");
    expect(highestShiftPercent(bad!.steps, "b")).toBe(10);
    expect(bad).toMatchObject({ liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });
});
