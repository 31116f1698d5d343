// Found by the fuzzer (scenarios/fuzz-found/fuzz-seed20261203-1.yaml, replayed here with what it must show): on
// one group, a bad release (v4) whose alarms fire only after its final bake is promoted; its instance refresh,
// still baking under the deployment's alarms with AutoRollback, is then rolled back by Auto Scaling itself after
// the execution ended. The group runs the previous release (v1) again, while the ledger went on naming v4 live
// (I1) until the reconciler learned to record what Auto Scaling did.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../../../cli/config-file.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";

const FOUND = join(import.meta.dirname, "../../../scenarios/fuzz-found/fuzz-seed20261203-1.yaml");

describe("a one-group release Auto Scaling rolls back by itself after its promotion", () => {
  it("is recorded by the reconciler: the previous release is live again and the deployment rolled back after promotion, with Auto Scaling's reason", async () => {
    const parsed = parseScenario(await readDocument(FOUND));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const result = await runScenario(parsed.scenario);
    // Without the record, the group runs v1 at rest while the ledger names v4 live (I1).
    expect(result.invariants.violations).toEqual([]);
    expect(result.liveCommit).toBe("v1");
    const late = result.events.filter((event) => event.detailType === "Rolled Back After Promotion");
    expect(late.map((event) => [event.release, event.detail.reason])).toEqual([
      ["v4", expect.stringMatching(/^Rolled back after promotion: Auto Scaling (rolled back|is rolling back) instance refresh \S+ of shop-api-sandbox \(Rollback(Successful|InProgress)\) after the deployment ended: .*; \w{12} is live again$/)],
    ]);
  });
});
