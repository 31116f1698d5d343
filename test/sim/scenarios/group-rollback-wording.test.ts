// Issue 11: what a one-group rollback says while it runs. Auto Scaling's PercentageComplete "gradually goes
// back down to zero during a rollback" (API_InstanceRefresh); Roll back reports it every 15 s, and each of
// those reasons must be true when read — "(N% still on the new version)" was not once the simulated share rose.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

function rollingInHalves(): ConfigInput {
  return {
    ...sandboxConfigInput(),
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 50, bake: "3m" }, { percent: 100 }] },
  };
}

describe("a bad release rolled back from half of one group", () => {
  it("says at every round what Auto Scaling reports and that it falls toward 0% as instances return to the previous version", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ config: rollingInHalves(), then: [{ commit: "v2", errorRate: 0.6 }] }), { onEvent: (event) => events.push(event) });
    expect(result.deployments[1]!.outcome).toBe("rolled_back");
    const rounds = events.filter((event) => event.state === "Roll back" && /^Rolling instance refresh/.test(event.text)).map((event) => event.text);
    const reported = rounds.map((text) => Number(/\(Auto Scaling reports it (\d+)% complete[,:] /.exec(text)?.[1] ?? Number.NaN));
    expect(reported.length).toBeGreaterThan(1);
    expect(reported.every((percent) => Number.isInteger(percent))).toBe(true);
    // The direction the words promise: never up, and down to 0% by the time the rollback ends.
    expect(reported.every((percent, i) => i === 0 || percent <= reported[i - 1]!)).toBe(true);
    expect(reported[0]).toBeGreaterThan(0);
    expect(reported.at(-1)).toBe(0);
    expect(events.some((event) => event.state === "Roll back" && /^Rolled instance refresh .* back: every instance runs the previous version/.test(event.text))).toBe(true);
    expect(result.invariants.violations).toEqual([]);
    expect(result.liveCommit).toBe("v1");
  });
});
