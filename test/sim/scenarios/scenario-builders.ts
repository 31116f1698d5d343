// Shared builders for scenario tests: a scenario document parsed exactly as `glidepath local run` parses one.
import { codeCommitPushEvent } from "../../../local/codecommit-event.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
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

/**
 * Pushes for one sandbox, as a CodeCommit event to the tracked branch: `push("v3", "v2")` says the branch
 * moved from v2 to v3 (its `oldCommitId`), at the sandbox's current virtual time.
 */
export function pusher(sandbox: Sandbox) {
  return (label: string, previous?: string) =>
    sandbox.push(
      codeCommitPushEvent({ repositoryName: "shop-api", branch: "main", commit: commitIdOf(label), ...(previous ? { oldCommit: commitIdOf(previous) } : {}), time: new Date(sandbox.clock.now()) }),
    );
}
