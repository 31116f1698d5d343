// Generated fault schedules inside `npm test`, kept small: one generated scenario per fault class (drawn
// until it really contains that class) and a few mixing every class, each run with the invariant monitor;
// none may violate an invariant. A fixed seed keeps it reproducible. The 500-run search is CI's
// `npm run fuzz` step; `npm run fuzz` searches further (any seed, more runs).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fuzz } from "../../../local/fuzz/fuzz.ts";
import { FAULT_CLASSES, faultClassesOf, SURVIVED_FAULT_CLASSES, scenarioArbitrary, type FaultClass } from "../../../local/fuzz/scenario-arbitrary.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario, type ScenarioInput } from "../../../local/scenario/schema.ts";

const SEED = 20261202;
const MIXED_RUNS = Number(process.env["GLIDEPATH_FUZZ_RUNS"] ?? 3);

/** One generated scenario that contains `faultClass` (and no other class). */
function aScenarioWith(faultClass: FaultClass): ScenarioInput {
  const [scenario] = fc.sample(
    scenarioArbitrary({ classes: [faultClass] }).filter((s) => faultClassesOf(s).includes(faultClass)),
    { numRuns: 1, seed: SEED },
  );
  if (!scenario) throw new Error(`no generated scenario with ${faultClass}`);
  return scenario;
}

describe("generated fault schedules", () => {
  it("generates only scenarios that `glidepath local run` accepts", () => {
    fc.assert(fc.property(scenarioArbitrary({ classes: FAULT_CLASSES }), (input) => parseScenario(input).ok), { numRuns: 300, seed: 1 });
  });

  it("leaves out every class it is told to", () => {
    const samples = fc.sample(scenarioArbitrary({ classes: [] }), { numRuns: 100, seed: 2 });
    expect(samples.every((s) => faultClassesOf(s).length === 0 && (s.faults ?? []).length === 0 && s.deployments.every((d) => Object.keys(d).length === 1))).toBe(true);
  });

  it("draws every class but the open ones by default, and an open one when asked by name", () => {
    const seen = new Set(fc.sample(scenarioArbitrary(), { numRuns: 200, seed: 3 }).flatMap(faultClassesOf));
    expect([...seen].sort()).toEqual([...SURVIVED_FAULT_CLASSES].sort());
    const asked = new Set(fc.sample(scenarioArbitrary({ classes: FAULT_CLASSES }), { numRuns: 300, seed: 3 }).flatMap(faultClassesOf));
    expect([...asked].sort()).toEqual([...FAULT_CLASSES].sort());
  });

  it.each(SURVIVED_FAULT_CLASSES)("holds every invariant in a generated scenario with %s", async (faultClass) => {
    const input = aScenarioWith(faultClass);
    expect(faultClassesOf(input)).toEqual([faultClass]);
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const result = await runScenario(parsed.scenario);
    expect({ scenario: input, violations: result.invariants.violations }).toEqual({ scenario: input, violations: [] });
  });

  it(`holds every invariant over ${MIXED_RUNS} generated scenarios mixing every class`, async () => {
    const result = await fuzz({ runs: MIXED_RUNS, seed: SEED, shrinkBudget: 0 });
    expect(result.failures.map((f) => ({ scenario: f.scenario, violations: f.violations }))).toEqual([]);
    expect(result.runs).toBe(MIXED_RUNS);
  }, 600_000);
});
