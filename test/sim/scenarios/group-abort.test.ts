// Issue 11: a one-group deployment stopped from outside (`glidepath abort`: StopExecution runs no Catch) while
// its instance refresh is in progress. Cleanup must roll the refresh back, or the group is left half on the
// stopped release with nothing running it — Auto Scaling's own rollback only follows the watched alarms.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const GROUP = "shop-api-sandbox";

function rollingOnOneGroup(): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: GROUP, endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 25, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }] },
  };
}

describe("a rolling deployment on one group stopped while its instance refresh runs", () => {
  it("cleanup rolls the refresh back: the group runs the live release again and the monitor sees no break", async () => {
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopAt: "Bake under alarm watch", commit: "v2" }] }));
    // Without the rollback the monitor sees the break at rest: the refresh still running, instances on v2.
    expect(result.invariants.violations).toEqual([]);
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.reason).toMatch(/instance refresh .* of shop-api-sandbox back/);
    expect(stopped.steps.filter((step) => step.kind === "rollback").map((step) => step.reason)).toContainEqual(expect.stringMatching(/^cleanup after execution ABORTED: .*instance refresh/));
    expect(result.liveCommit).toBe("v1");
  });
});
