// The scenarios `npm run bench` runs, shared by the one-core measurements (sandbox.ts) and the workers that
// run them on every core at once (sandbox-worker.ts).
import { parseScenario, type Scenario, type ScenarioInput } from "../local/scenario/schema.ts";

function scenario(input: ScenarioInput): Scenario {
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.scenario;
}

/** First deploy, then a good canary: two deployments, both promoted. */
export const twoReleases = scenario({ deployments: [{ commit: "v1" }, { commit: "v2" }] });

/** First deploy, a good canary, then a bad canary that rolls back. */
export const threeReleases = scenario({ deployments: [{ commit: "v1" }, { commit: "v2" }, { commit: "v3", errorRate: 0.2 }] });
