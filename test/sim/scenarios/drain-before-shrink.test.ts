// Incidents of issue 8 item 1: a rollback scaled the new fleet to 0 while resolvers still sent it traffic.
// Each run is watched for a fleet scaled down before the change that took its traffic away was INSYNC and
// one TTL had passed.
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";
import { drainWatch } from "./drain-watch.ts";

describe("drain before shrink on the rollback path", () => {
  it("a bad canary reverted by the circuit breaker keeps its fleet up until resolvers have drained", async () => {
    const watch = drainWatch();
    // The alarm fires as the canary's first shift lands: the breaker reverts before the execution looks.
    const faults = [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM" as const, for: "10m", during: "v2-bad" }];
    const result = await runScenario(aScenario({ faults, then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onSandbox: watch.attach });
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.control?.kind).toBe("circuitBreaker");
    expect(watch.shrinks.map((shrink) => shrink.slot)).toContain("a");
    expect(watch.violations()).toEqual([]);
  });

  it("a blue/green release failing its final bake with all traffic on it is drained before its fleet goes", async () => {
    const watch = drainWatch();
    const config = { ...sandboxConfigInput(), strategy: { kind: "blueGreen" as const }, finalBake: "6m" };
    const faults = [{ alarm: "shop-api-sandbox-a-error-rate", state: "ALARM" as const, for: "10m", during: "v2-bad" }];
    const result = await runScenario(aScenario({ config, faults, then: [{ commit: "v2-bad" }] }), { onSandbox: watch.attach });
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-a-error-rate");
    expect(watch.shrinks.map((shrink) => shrink.slot)).toContain("a");
    expect(watch.violations()).toEqual([]);
  });

  it("a rejected A/B test rolled back by the execution itself waits one TTL after INSYNC before scaling down", async () => {
    const watch = drainWatch();
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest" as const, percent: 50, until: "approval" } };
    const result = await runScenario(aScenario({ config, then: [{ commit: "v2", approval: "reject", approvalAfter: "2m" }] }), { onSandbox: watch.attach });
    const rejected = result.deployments[1]!;
    expect(rejected.outcome).toBe("rolled_back");
    expect(rejected.control).toBeUndefined();
    expect(watch.shrinks.map((shrink) => shrink.slot)).toContain("a");
    expect(watch.violations()).toEqual([]);
  });
});
