import { describe, expect, it } from "vitest";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";

describe("scenario files", () => {
  it.each([
    ["a fault naming a release that is not deployed", { faults: [{ failBake: "v9" }] }, "faults[0].failBake: names no deployment (commits: v1)"],
    ["a stop at a state the definition does not have", { faults: [{ stopAt: "Shift trafic", commit: "v1" }] }, "faults[0].stopAt: is not a state of the definition"],
    ["a stop during a state the definition does not have", { faults: [{ stopDuring: "Shift trafic", commit: "v1" }] }, "faults[0].stopDuring: is not a state of the definition"],
    ["a Lambda timeout for an unknown release", { faults: [{ timeoutIn: "Shift traffic", commit: "v9" }] }, "faults[0].commit: names no deployment"],
    ["a slow bake of an unknown release", { faults: [{ slowBake: "v9", for: "2h" }] }, "faults[0].slowBake: names no deployment"],
    ["a lost image event of an unknown release", { faults: [{ loseImageEvent: "v9" }] }, "faults[0].loseImageEvent: names no deployment (commits: v1)"],
    ["an alarm hold during an unknown release", { faults: [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM", for: "5m", during: "v2" }] }, "faults[0].during: names no deployment"],
    ["an error rate above 1", { deployments: [{ commit: "v1", errorRate: 2 }] }, "deployments[0].errorRate"],
    ["an unknown top-level field", { deploys: [] }, "deploys: is not a known key (known here: name, config, deployments, faults, seed)"],
    ["a misspelled key in a deployment", { deployments: [{ commit: "v1", errorrate: 0.5 }] }, "deployments[0].errorrate: is not a known key (did you mean deployments[0].errorRate?)"],
    [
      "a misspelled key in a fault",
      { faults: [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM", for: "5m", durin: "v1" }] },
      "faults[0].durin: is not a known key (did you mean faults[0].during?)",
    ],
    [
      "an alarm hold on an alarm the sandbox does not create",
      { faults: [{ alarm: "shop-api-sandbox-errors", state: "ALARM", for: "5m" }] },
      'faults[0].alarm: names no alarm of the sandbox: "shop-api-sandbox-errors" (alarms: shop-api-sandbox-a-error-rate, shop-api-sandbox-b-error-rate, shop-api-sandbox-a-p99-latency, shop-api-sandbox-b-p99-latency)',
    ],
  ])("refuses %s, naming its path", (_rule, overrides, problem) => {
    const result = parseScenario({ deployments: [{ commit: "v1" }], ...overrides });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.join("\n")).toContain(problem);
  });

  it("accepts a hold on an alarm of the scenario's own config", () => {
    const base = sandboxConfigInput();
    const config = { ...base, analysis: { ...base.analysis, alarms: [{ name: "checkout-{slot}-5xx", missingData: "wait" as const }] } };
    expect(parseScenario({ config, deployments: [{ commit: "v1" }], faults: [{ alarm: "checkout-b-5xx", state: "ALARM", for: "5m" }] }).ok).toBe(true);
  });

  it("fills in defaults: a healthy build, no faults, seed 1", () => {
    const result = parseScenario({ deployments: [{ commit: "v1" }] });
    expect(result).toEqual({ ok: true, scenario: { deployments: [{ commit: "v1", errorRate: 0, latencyMs: 0, healthy: true, boots: true }], faults: [], seed: 1 } });
  });
});
