// `traffic.kind: alb`: the same releases as on Route 53, moved by the listener's weighted forward action. A
// move takes effect on the next request, so a rollback has no INSYNC or TTL wait before users are back on
// the live slot; the invariant monitor reads the listener for I1 and I2.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../../../cli/config-file.ts";
import { parseScenario } from "../../../local/scenario/schema.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import type { ConfigInput } from "../../../functions/core/config.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import { slotWeightsView } from "../../../local/traffic/slot-weights.ts";
import { albTraffic } from "../../fixtures/config.ts";
import { aScenario, highestShiftPercent } from "./scenario-builders.ts";

/** The sandbox's own config with its traffic on an ALB listener (the sandbox creates it and fills the ARNs in). */
const onAlb = (overrides: Partial<ConfigInput> = {}): ConfigInput => ({ ...sandboxConfigInput(), traffic: albTraffic(), ...overrides });

/**
 * Watches a run for the seconds from the new slot's alarm entering ALARM to the moment no client can reach
 * that slot any more: its served weight is 0 and whatever a client cached before has expired.
 */
function alarmToAllOnLive(alarm: string) {
  let alarmedAt: number | undefined;
  let drainedAt: number | undefined;
  const attach = (sandbox: Sandbox) => {
    const view = slotWeightsView(sandbox.sim, sandbox.config);
    const badSlot = alarm.includes("-a-") ? "a" : "b";
    const look = (now: number) => {
      if (alarmedAt === undefined || drainedAt !== undefined) return;
      if ((view.served()[badSlot] ?? 0) === 0) drainedAt = now + view.cacheMs();
    };
    sandbox.sim.cloudwatch.onTransition((transition) => {
      if (transition.alarm === alarm && transition.to === "ALARM" && alarmedAt === undefined) alarmedAt = sandbox.clock.now();
    });
    sandbox.clock.onAdvance(look);
    sandbox.sim.observeCalls((call) => look(call.t));
  };
  return { attach, seconds: () => (alarmedAt === undefined || drainedAt === undefined ? undefined : (drainedAt - alarmedAt) / 1000) };
}

describe("traffic on an ALB listener's weighted forward action", () => {
  it("promotes a good canary through every step to 100%, the invariants held", async () => {
    const result = await runScenario(aScenario({ config: onAlb(), then: [{ commit: "v2" }] }));
    const [first, second] = result.deployments;
    expect(first).toMatchObject({ outcome: "promoted", liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(second).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(second!.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights)).toEqual([{ a: 10, b: 90 }, { a: 50, b: 50 }, { a: 100, b: 0 }]);
    expect(result.invariants.violations).toEqual([]);
    expect(result.atRest).toEqual({ weights: { a: 100, b: 0 }, desired: { a: 2, b: 0 } });
  });

  it("rolls a bad canary back by the alarm, naming it, with all traffic on the live slot the instant it fired", async () => {
    const watch = alarmToAllOnLive("shop-api-sandbox-a-error-rate");
    const result = await runScenario(aScenario({ config: onAlb(), then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onSandbox: watch.attach });
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-a-error-rate");
    expect(highestShiftPercent(bad.steps, "a")).toBe(10);
    expect(bad).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    expect(result.invariants.violations).toEqual([]);
    expect(watch.seconds()).toBe(0);
  });

  it("takes a Route 53 rollback of the same release at least one TTL longer to reach every client", async () => {
    const alarm = "shop-api-sandbox-a-error-rate";
    const [alb, route53] = [alarmToAllOnLive(alarm), alarmToAllOnLive(alarm)];
    await runScenario(aScenario({ config: onAlb(), then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onSandbox: alb.attach });
    await runScenario(aScenario({ then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onSandbox: route53.attach });
    const ttl = 30;
    expect(alb.seconds()).toBe(0);
    expect(route53.seconds()).toBeGreaterThanOrEqual(ttl);
  });

  it("scales the bad fleet down in the same virtual second as the revert on an ALB, where Route 53 waits INSYNC and one TTL", async () => {
    const rollbackSeconds = async (config?: ConfigInput) => {
      const events: RunEvent[] = [];
      await runScenario(aScenario({ ...(config ? { config } : {}), then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onEvent: (event) => events.push(event) });
      const at = (state: string) => events.find((event) => event.state === state)!.t;
      return { seconds: (at("Finish rollback") - at("Roll back")) / 1000, syncChecks: events.filter((event) => event.state === "Check rollback DNS sync").length };
    };
    // Before: the ALB's revert went round one 10 s sync loop for a change that was in effect at once.
    expect(await rollbackSeconds(onAlb())).toEqual({ seconds: 0, syncChecks: 0 });
    const route53 = await rollbackSeconds();
    expect(route53.syncChecks).toBeGreaterThan(0);
    // INSYNC, then the sandbox's TTL of 30 s.
    expect(route53.seconds).toBeGreaterThanOrEqual(30);
  });

  it("moves the weights of a listener rule when the config names one, and rolls a bad release back there", async () => {
    const { listenerArn: _listener, ...rule } = albTraffic();
    const ruleArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/shop-api-sandbox/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
    const result = await runScenario(aScenario({ config: onAlb({ traffic: { ...rule, ruleArn } }), then: [{ commit: "v2" }, { commit: "v3-bad", errorRate: 0.2 }] }));
    expect(result.deployments.map((deployment) => deployment.outcome)).toEqual(["promoted", "promoted", "rolled_back"]);
    expect(result.deployments[2]!.reason).toContain("shop-api-sandbox-b-error-rate");
    expect(result.invariants.violations).toEqual([]);
    expect(result.atRest.weights).toEqual({ a: 100, b: 0 });
  });

  it("fences out a Shift traffic that writes after cleanup: its weights never reach the listener", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ config: onAlb(), then: [{ commit: "v2" }], faults: [{ stopDuring: "Shift traffic", commit: "v2" }] }), {
      onEvent: (event) => events.push(event),
    });
    expect(result.deployments[1]).toMatchObject({ outcome: "failed", liveSlot: "b", weights: { a: 0, b: 100 } });
    const late = events.find((event) => event.state === "Shift traffic" && /Lambda failed/.test(event.text))?.text;
    expect(late).toMatch(/StaleLeaseError: .*\(holder, token 2\) may not write weights a=10 b=90: the fence tag of .*listener\/app\/.* names cleanup.*\(sweeper, token 2\), which outranks it/);
    expect(result.invariants.violations).toEqual([]);
    expect(result.atRest.weights).toEqual({ a: 0, b: 100 });
  });

  it("puts a rejected A/B split back on the live slot itself, and cleanup does for a deployment stopped mid-shift", async () => {
    const abTest = onAlb({ strategy: { kind: "abTest", percent: 20, until: "approval" }, approval: { timeout: "30m" } });
    const rejected = await runScenario(aScenario({ config: abTest, then: [{ commit: "v2", approval: "reject", approvalAfter: "2m" }] }));
    expect(rejected.deployments[1]).toMatchObject({ outcome: "rolled_back", weights: { a: 0, b: 100 } });
    expect(rejected.deployments[1]!.steps.find((step) => step.kind === "rollback")?.weights).toEqual({ a: 0, b: 100 });
    const stopped = await runScenario(aScenario({ config: onAlb(), then: [{ commit: "v2" }], faults: [{ stopAt: "Wait for DNS to sync", commit: "v2" }] }));
    expect(stopped.deployments[1]).toMatchObject({ outcome: "failed", weights: { a: 0, b: 100 } });
    for (const result of [rejected, stopped]) expect(result.invariants.violations).toEqual([]);
  });

  it("ends as scenarios/bad-canary-alb.yaml says: v2 promoted through ELBv2 throttling, v3-bad rolled back by its alarm", async () => {
    const parsed = parseScenario(await readDocument(join(import.meta.dirname, "../../../scenarios/bad-canary-alb.yaml")));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const result = await runScenario(parsed.scenario);
    expect(result.deployments.map((deployment) => deployment.outcome)).toEqual(["promoted", "promoted", "rolled_back"]);
    expect(result.deployments[2]!.reason).toContain("shop-api-sandbox-b-error-rate");
    expect(result.invariants.violations).toEqual([]);
  });
});
