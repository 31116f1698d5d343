// Generated fault schedules in CI: scenarios drawn from the fault classes today's pipeline survives, each run
// with the invariant monitor; none may violate an invariant. A fixed seed keeps CI reproducible;
// `npm run fuzz` searches further (every class, any seed).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fuzz } from "../../../local/fuzz/fuzz.ts";
import { FAULT_CLASSES, scenarioArbitrary, type FaultClass } from "../../../local/fuzz/scenario-arbitrary.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";

/**
 * Left out until the fixes land: bad releases and alarm holds (a rollback scales the canary fleet down while
 * resolvers still cache its weight: I2) and stops (cleanup leaves the new fleet up, I6; its reason is a bare
 * "execution ABORTED", I3).
 */
const PASSING_TODAY: FaultClass[] = ["slowRelease", "brokenFleet", "failedBake", "duplicateEvent", "awsErrors"];
const RUNS = Number(process.env["GLIDEPATH_FUZZ_RUNS"] ?? 3);

describe("generated fault schedules", () => {
  it("generates only scenarios that `glidepath local run` accepts", () => {
    fc.assert(fc.property(scenarioArbitrary({ classes: FAULT_CLASSES }), (input) => parseScenario(input).ok), { numRuns: 300, seed: 1 });
  });

  it("leaves out every class it is told to", () => {
    const samples = fc.sample(scenarioArbitrary({ classes: [] }), { numRuns: 100, seed: 2 });
    expect(samples.every((s) => (s.faults ?? []).length === 0 && s.deployments.every((d) => Object.keys(d).length === 1))).toBe(true);
  });

  it(`holds every invariant over ${RUNS} generated scenarios`, async () => {
    const result = await fuzz({ runs: RUNS, seed: 20261202, classes: PASSING_TODAY, shrinkBudget: 0 });
    expect(result.failures.map((f) => ({ scenario: f.scenario, violations: f.violations }))).toEqual([]);
    expect(result.runs).toBe(RUNS);
  }, 600_000);
});
