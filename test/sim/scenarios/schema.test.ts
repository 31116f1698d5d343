import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../local/scenario/schema.ts";

describe("scenario files", () => {
  it.each([
    ["a fault naming a release that is not deployed", { faults: [{ failBake: "v9" }] }, "faults[0].failBake: names no deployment (commits: v1)"],
    ["a stop at a state the definition does not have", { faults: [{ stopAt: "Shift trafic", commit: "v1" }] }, "faults[0].stopAt: is not a state of the definition"],
    ["a stop during a state the definition does not have", { faults: [{ stopDuring: "Shift trafic", commit: "v1" }] }, "faults[0].stopDuring: is not a state of the definition"],
    ["a Lambda timeout for an unknown release", { faults: [{ timeoutIn: "Shift traffic", commit: "v9" }] }, "faults[0].commit: names no deployment"],
    ["a slow bake of an unknown release", { faults: [{ slowBake: "v9", for: "2h" }] }, "faults[0].slowBake: names no deployment"],
    ["an alarm hold during an unknown release", { faults: [{ alarm: "x", state: "ALARM", for: "5m", during: "v2" }] }, "faults[0].during: names no deployment"],
    ["an error rate above 1", { deployments: [{ commit: "v1", errorRate: 2 }] }, "deployments[0].errorRate"],
    ["an unknown top-level field", { deploys: [] }, 'Unrecognized key: "deploys"'],
  ])("refuses %s, naming its path", (_rule, overrides, problem) => {
    const result = parseScenario({ deployments: [{ commit: "v1" }], ...overrides });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toContain(problem);
  });

  it("fills in defaults: a healthy build, no faults, seed 1", () => {
    const result = parseScenario({ deployments: [{ commit: "v1" }] });
    expect(result).toEqual({ ok: true, scenario: { deployments: [{ commit: "v1", errorRate: 0, latencyMs: 0, healthy: true, boots: true }], faults: [], seed: 1 } });
  });
});
