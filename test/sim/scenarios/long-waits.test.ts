// Incident (issue 8 item 4): a healthy deployment died on a legal timing. The lease lasted the plan's waits
// plus a 2 h margin, the image and fleet deadlines allowed 3 h, nothing renewed the lease before the first
// shift, so the reconciler swept it mid-bake; the error then said only "current token is 1".
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { aScenario } from "./scenario-builders.ts";

describe("deployments with long legal waits", () => {
  it("an image bake of 2.5 hours is promoted while the reconciler runs every 5 virtual minutes", { timeout: 180_000 }, async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }], faults: [{ slowBake: "v2", for: "2h30m" }] }));
    const slow = result.deployments[1]!;
    expect(slow.reason).not.toMatch(/reconciler|lease/);
    expect(slow.outcome).toBe("promoted");
    expect(result.liveCommit).toBe("v2");
    expect((slow.endedAt - slow.startedAt) / 3_600_000).toBeGreaterThan(2.5);
  });
});
