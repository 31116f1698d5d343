import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../../../cli/config-file.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

describe("a release that answers slowly", () => {
  it("is rolled back by its slot's p99 latency alarm though none of its requests fail", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2-slow", latencyMs: 3_000 }] }));
    const slow = result.deployments[1]!;
    expect(slow.outcome).toBe("rolled_back");
    expect(slow.reason).toContain("shop-api-sandbox-a-p99-latency");
    expect(slow.reason).not.toContain("error-rate");
    expect(highestShiftPercent(slow.steps, "a")).toBe(10);
    expect(slow).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    // Slot a (v2-slow) got traffic and answered all of it: only its latency could have tripped an alarm.
    expect(result.timeline.samples.some((sample) => sample.requests.a > 0)).toBe(true);
    expect(result.timeline.samples.every((sample) => sample.errors.a === 0)).toBe(true);
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("stays promoted when its p99 is under the alarm's threshold", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2", latencyMs: 500 }] }));
    expect(result.deployments[1]).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });

  it("ends as scenarios/slow-release.yaml says: the 40 ms release promoted, the 3 s one rolled back", async () => {
    const parsed = parseScenario(await readDocument(join(import.meta.dirname, "../../../scenarios/slow-release.yaml")));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const result = await runScenario(parsed.scenario);
    expect(result.deployments.map((deployment) => deployment.outcome)).toEqual(["promoted", "promoted", "rolled_back"]);
    expect(result.deployments[2]!.reason).toContain("shop-api-sandbox-b-p99-latency");
    expect(result.liveCommit).toBe("v2");
    expect(result.invariants.violations).toEqual([]);
  });
});
