// Pushes that land while another deployment runs, each execution on its own timeline of one virtual clock
// (issue 8, "Concurrency in the sandbox"): the scenario fault {concurrentPush, during, at}.
import { describe, expect, it } from "vitest";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

const FIVE_MINUTES = 300_000;

describe("a push landing while a deployment runs", () => {
  it("queues: v3, pushed 5 virtual minutes into v2's canary, waits for v2 to promote and then deploys", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }, { commit: "v3" }], faults: [{ concurrentPush: "v3", during: "v2", at: "5m" }] }));
    const [, v2, v3] = result.deployments;
    // v3's push arrived at exactly the virtual instant asked for, while v2 was still shifting traffic.
    expect(v3!.startedAt - v2!.startedAt).toBe(FIVE_MINUTES);
    expect(v2!.endedAt).toBeGreaterThan(v3!.startedAt);
    expect(v2).toMatchObject({ commit: "v2", outcome: "promoted" });
    // Queued in the ledger, started again when v2 released the lease (its second attempt).
    expect(v3).toMatchObject({ commit: "v3", outcome: "promoted", execution: `shop-api-sandbox-${commitIdOf("v3").slice(0, 12)}-2` });
    expect(result.liveCommit).toBe("v3");
    expect(result.invariants.violations).toEqual([]);
  });

  it("supersedes: with concurrency supersede, v3 stops v2 mid-canary, traffic returns to v1's slot, and v3 goes live", async () => {
    const result = await runScenario(aScenario({ config: { ...sandboxConfigInput(), concurrency: "supersede" }, then: [{ commit: "v2" }, { commit: "v3" }], faults: [{ concurrentPush: "v3", during: "v2", at: "5m" }] }));
    const [, v2, v3] = result.deployments;
    expect(v2).toMatchObject({ outcome: expect.not.stringMatching(/^promoted$/), reason: expect.stringContaining("superseded by") });
    expect(v2!.control).toMatchObject({ kind: "supersede" });
    expect(v3).toMatchObject({ outcome: "promoted" });
    expect(result.liveCommit).toBe("v3");
    expect(result.invariants.violations).toEqual([]);
  });

  it("a bad release superseded by a good one: the good one goes live and nothing is left split", async () => {
    const result = await runScenario(aScenario({ config: { ...sandboxConfigInput(), concurrency: "supersede" }, then: [{ commit: "v2", errorRate: 0.3 }, { commit: "v3" }], faults: [{ concurrentPush: "v3", during: "v2", at: "2m" }] }));
    expect(result.deployments.at(-1)).toMatchObject({ commit: "v3", outcome: "promoted" });
    expect(result.atRest.weights.a + result.atRest.weights.b).toBe(100);
    expect(Math.max(result.atRest.weights.a, result.atRest.weights.b)).toBe(100);
    expect(result.invariants.violations).toEqual([]);
  });

  it("refuses a concurrent push that is not the release listed right after the one it lands during", () => {
    const parsed = parseScenario({ deployments: [{ commit: "v1" }, { commit: "v2" }, { commit: "v3" }], faults: [{ concurrentPush: "v3", during: "v1", at: "5m" }] });
    expect(parsed).toEqual({ ok: false, problems: ["faults[0].during: must be the deployment listed just before v3 (the branch head it is pushed onto)"] });
  });
});
