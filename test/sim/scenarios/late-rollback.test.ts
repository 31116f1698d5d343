// Incident of issue 8 item 7: after Promote, during scaleDownDelay, the new slot's alarm fired and nothing
// reacted; the warm old fleet was retired on schedule while the alarm fired.
import { describe, expect, it } from "vitest";
import { STATE } from "../../../stacks/definition.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { aScenario } from "./scenario-builders.ts";
import { drainWatch } from "./drain-watch.ts";

const ALARM = "shop-api-sandbox-a-error-rate";

/** Fires the alarm `afterSeconds` after v2's Promote, as a regression that shows only at full traffic would. */
function fireAfterPromotion(afterSeconds: number) {
  return (sandbox: Sandbox) => {
    let scheduled = false;
    sandbox.listen((event) => {
      // v1 (the first deploy) promotes slot b; v2 promotes slot a.
      if (scheduled || event.state !== STATE.promote || (event.output as { liveSlot?: string } | undefined)?.liveSlot !== "a") return;
      scheduled = true;
      sandbox.clock.schedule(afterSeconds * 1000, () => sandbox.sim.cloudwatch.holdAlarm(ALARM, "ALARM", 600));
    });
  };
}

describe("late rollback during scaleDownDelay", () => {
  it("an alarm 3 minutes after promotion puts traffic back on the warm old fleet and retires the new one after draining", async () => {
    const watch = drainWatch();
    const config = { ...sandboxConfigInput(), scaleDownDelay: "15m" };
    const fire = fireAfterPromotion(180);
    const result = await runScenario(aScenario({ config, then: [{ commit: "v2" }] }), {
      onSandbox: (sandbox) => {
        watch.attach(sandbox);
        fire(sandbox);
      },
    });
    const late = result.deployments[1]!;
    expect(late.outcome).toBe("rolled_back");
    expect(late.reason).toContain("rolled back after promotion");
    expect(late.reason).toContain(ALARM);
    expect(late).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(result.liveCommit).toBe("v1");
    // The old fleet (b) serves again and stays up; the new one (a) is drained, then scaled down.
    expect(watch.shrinks.filter((shrink) => shrink.slot === "b")).toEqual([]);
    expect(watch.shrinks.map((shrink) => shrink.slot)).toContain("a");
    expect(watch.violations()).toEqual([]);
  });
});
