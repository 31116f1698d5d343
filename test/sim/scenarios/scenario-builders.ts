// Shared builders for scenario tests: a scenario document parsed exactly as `glidepath local run` parses one.
import { parseScenario, type Scenario, type ScenarioInput } from "../../../local/scenario/schema.ts";

/** A scenario with one good first release, then the given releases; faults and seed as given. */
export function aScenario(overrides: Partial<ScenarioInput> & { then?: ScenarioInput["deployments"] } = {}): Scenario {
  const { then = [], ...rest } = overrides;
  const parsed = parseScenario({ deployments: [{ commit: "v1" }, ...then], ...rest });
  if (!parsed.ok) throw new Error(`bad scenario in a test: ${parsed.problems.join("; ")}`);
  return parsed.scenario;
}

/** The largest share (percent) any setWeight step gave the new version. */
export function highestShiftPercent(steps: Array<{ kind: string; weights?: { a: number; b: number } }>, toSlot: "a" | "b"): number {
  return Math.max(
    0,
    ...steps.filter((step) => step.kind === "setWeight" && step.weights).map(({ weights }) => (100 * weights![toSlot]) / (weights!.a + weights!.b)),
  );
}
