// Found by the fuzzer once it drew one-group configs: a release whose new instances never pass their health
// checks. Auto Scaling keeps its instance refresh waiting for them, so "Replace instances" polled for ever and
// the deployment never ended. Now the step gives the refresh as long as a new fleet gets to come up, then
// fails, and the rollback path rolls the refresh back.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

function rollingWithExtraBatch(): ConfigInput {
  return {
    ...sandboxConfigInput(),
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "rolling", extraBatch: true, steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] },
  };
}

describe("a one-group release whose new instances never pass their health checks", () => {
  it("is rolled back once its refresh has made no progress for an hour, the group back on the live release", async () => {
    const result = await runScenario(aScenario({ config: rollingWithExtraBatch(), then: [{ commit: "v2", healthy: false }] }));
    const stuck = result.deployments[1]!;
    expect(stuck.outcome).toBe("rolled_back");
    expect(stuck.reason).toMatch(/Instance refresh .* of shop-api-sandbox has not reached 25% by .*never passes its health checks/);
    expect((stuck.endedAt - stuck.startedAt) / 1000).toBeLessThan(2 * 3600);
    expect(result.invariants.violations).toEqual([]);
    expect(result.liveCommit).toBe("v1");
  });
});
