// Issue 11: a one-group release stopped late, its cleanup lost. Its instance refresh runs on and ends
// Successful before the reconciler's sweep (cleanup's grace and one period: up to 7 minutes), and Auto Scaling
// rolls back only a refresh still running. The group used to stay on the stopped release while the ledger's
// live release was the one before; the monitor sees that at rest (I1: the group runs a commit that is not live).
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

function allAtOnceOnOneGroup(): ConfigInput {
  return {
    ...sandboxConfigInput(),
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "allAtOnce" },
  };
}

describe("an allAtOnce release on one group stopped in its final bake, its ended event lost", () => {
  it("the reconciler's sweep finds its refresh ended Successful and puts the live release's version back, launching before terminating", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(
      aScenario({ config: allAtOnceOnOneGroup(), then: [{ commit: "v2" }, { commit: "v3" }], faults: [{ stopAt: "Final bake under alarm watch", commit: "v2" }, { loseEndedEvent: "v2" }] }),
      { onEvent: (event) => events.push(event) },
    );
    // Today: "at rest, group shop-api-sandbox runs v2 but the ledger's live commit is v1" (I1).
    expect(result.invariants.violations).toEqual([]);
    const sweeps = events.filter((event) => event.state === "Reconciler" && /no cleanup released its lease/.test(event.text)).map((event) => event.text);
    expect(sweeps).toEqual([
      expect.stringMatching(/instance refresh .* of shop-api-sandbox ended Successful before it could be rolled back \(Auto Scaling rolls back only a refresh still running\): started instance refresh .* back to launch template version \d+, the live release's, launching each replacement before terminating/),
    ]);
    const rolledBack = result.events.filter((event) => event.detailType === "Deployment Rolled Back" && event.release === "v2");
    expect(rolledBack.map((event) => event.detail.reason)).toEqual([expect.stringMatching(/^reconciler: .*ended Successful before it could be rolled back/)]);
    // The next release (queued behind the swept lease) then deploys as usual.
    expect(result.liveCommit).toBe("v3");
  });

  it("with no release after it, the group comes back to the live release and rests there", async () => {
    const result = await runScenario(aScenario({ config: allAtOnceOnOneGroup(), then: [{ commit: "v2" }], faults: [{ stopAt: "Final bake under alarm watch", commit: "v2" }, { loseEndedEvent: "v2" }] }));
    expect(result.invariants.violations).toEqual([]);
    const rolledBack = result.events.filter((event) => event.detailType === "Deployment Rolled Back" && event.release === "v2");
    expect(rolledBack.map((event) => event.detail.reason)).toEqual([expect.stringMatching(/started instance refresh .* back to launch template version \d+, the live release's/)]);
    expect(result.liveCommit).toBe("v1");
  });
});
