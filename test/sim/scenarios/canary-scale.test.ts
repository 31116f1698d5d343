// A canary whose new fleet starts at a quarter of the live fleet's size (strategy.canaryScale): it takes 10%
// on one instance, is scaled to the live fleet's four and InService before the 50% shift, and is promoted at
// full size; a bad one is rolled back from its small fleet, with the alarm named. The invariant monitor
// watches throughout (I10: no slot gets a larger share of traffic than its InService share of the full fleet).
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { promoteWait } from "../../../functions/operator/wait-control.ts";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { deployRelease } from "../../../local/sandbox/deploy-release.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { startSandbox, type Sandbox } from "../../../local/sandbox/sandbox.ts";
import { STATE } from "../../../stacks/definition.ts";
import { slotWeightsView } from "../../../local/traffic/slot-weights.ts";
import { aScenario } from "./scenario-builders.ts";

const NEW_GROUP = "shop-api-sandbox-a";

function smallCanary(): ConfigInput {
  const input = sandboxConfigInput();
  return {
    ...input,
    fleet: { ...input.fleet, capacity: 4 },
    strategy: { kind: "canary", steps: [{ percent: 10, bake: "3m" }, { percent: 50, bake: "3m" }, { percent: 100 }], canaryScale: { percent: 25 } },
  };
}

/** Slot a's fleet (the second release's) and its share of traffic, at every change of either. */
interface Sample {
  t: number;
  desired: number;
  inService: number;
  /** Slot a's authoritative share of traffic, percent. */
  share: number;
}

function sampler(samples: Sample[]) {
  return (sandbox: Sandbox) => {
    const weights = slotWeightsView(sandbox.sim, sandbox.config);
    const sample = (t: number) => {
      const { a, b } = weights.authoritative();
      const capacity = sandbox.sim.autoscaling.capacityOf(NEW_GROUP) ?? { desired: 0, inService: 0 };
      const share = (a ?? 0) + (b ?? 0) > 0 ? Math.round((100 * (a ?? 0)) / ((a ?? 0) + (b ?? 0))) : 0;
      const last = samples.at(-1);
      if (!last || last.desired !== capacity.desired || last.inService !== capacity.inService || last.share !== share) samples.push({ t, ...capacity, share });
    };
    sandbox.clock.onAdvance(sample);
    sandbox.sim.observeCalls((call) => sample(call.t));
  };
}

describe("a canary fleet smaller than the live one", () => {
  it("takes 10% on one instance, is scaled to four and InService before 50%, and is promoted at full size", { timeout: 120_000 }, async () => {
    const samples: Sample[] = [];
    const result = await runScenario(aScenario({ config: smallCanary(), then: [{ commit: "v2" }] }), { onSandbox: sampler(samples) });
    const second = result.deployments[1]!;
    expect(second).toMatchObject({ outcome: "promoted", liveSlot: "a", weights: { a: 100, b: 0 } });
    expect(second.steps.map((step) => step.kind)).toEqual(expect.arrayContaining(["scaleFleet"]));
    expect(second.steps.find((step) => step.kind === "scaleFleet")?.reason).toBe(
      "Scaling shop-api-sandbox-a (slot a) to 100% of shop-api-sandbox-b's size: 4 instances (min 4, max 4)",
    );
    // Once the second release started (slot a brought up), the fleet and its share moved in this order.
    const start = samples.findIndex((sample) => sample.desired > 0 && sample.share === 0);
    const story = samples.slice(start).map(({ desired, inService, share }) => ({ desired, inService, share }));
    expect(story).toEqual([
      // Brought up at a quarter of the live fleet's 4: one instance, which takes 10% once InService.
      { desired: 1, inService: 0, share: 0 },
      { desired: 1, inService: 1, share: 0 },
      { desired: 1, inService: 1, share: 10 },
      // Scaled to 4 while at 10%, and every one InService before the 50% shift.
      { desired: 4, inService: 1, share: 10 },
      { desired: 4, inService: 2, share: 10 },
      { desired: 4, inService: 3, share: 10 },
      { desired: 4, inService: 4, share: 10 },
      { desired: 4, inService: 4, share: 50 },
      { desired: 4, inService: 4, share: 100 },
    ]);
    expect(result.atRest).toEqual({ weights: { a: 100, b: 0 }, desired: { a: 4, b: 0 } });
    expect(result.invariants.violations).toEqual([]);
  });

  it("rolls a bad release back from its one instance, naming the alarm, and scales it down", { timeout: 120_000 }, async () => {
    const samples: Sample[] = [];
    const result = await runScenario(aScenario({ config: smallCanary(), then: [{ commit: "v2-bad", errorRate: 0.2 }] }), { onSandbox: sampler(samples) });
    const bad = result.deployments[1]!;
    expect(bad.outcome).toBe("rolled_back");
    expect(bad.reason).toContain("shop-api-sandbox-a-error-rate");
    expect(bad).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    // It never grew: the alarm fired at 10%, on the one instance it was brought up with.
    expect(bad.steps.some((step) => step.kind === "scaleFleet")).toBe(false);
    const secondRelease = samples.slice(samples.findIndex((sample) => sample.desired > 0 && sample.share === 0));
    expect(Math.max(...secondRelease.map((s) => s.desired))).toBe(1);
    expect(Math.max(...secondRelease.map((s) => s.share))).toBe(10);
    expect(result.atRest).toEqual({ weights: { a: 0, b: 100 }, desired: { a: 0, b: 4 } });
    expect(result.liveCommit).toBe("v1");
    expect(result.invariants.violations).toEqual([]);
  });

  it("scales to full size and waits for it before a promote --full sends it 100%", { timeout: 120_000 }, async () => {
    const samples: Sample[] = [];
    const sandbox: Sandbox = await startSandbox({ traffic: "synthetic", config: smallCanary() });
    try {
      sampler(samples)(sandbox);
      await deployRelease(sandbox, { label: "v1", commitId: commitIdOf("v1") });
      // A minute into v2's first bake (10% on its one instance), an operator promotes it the rest of the way.
      let asked = false;
      sandbox.listen((event) => {
        if (asked || event.state !== STATE.bake) return;
        asked = true;
        sandbox.clock.schedule(60_000, () => void sandbox.outOfBand(() => promoteWait({ ledger: sandbox.adapters.ledger, executions: sandbox.executions, clock: sandbox.clock }, { app: "shop-api", env: "sandbox", by: "alice", reason: "hotfix", full: true })));
      });
      const [v2] = await deployRelease(sandbox, { label: "v2", commitId: commitIdOf("v2"), previousCommitId: commitIdOf("v1") });
      expect(v2).toMatchObject({ outcome: "promoted", weights: { a: 100, b: 0 } });
      expect(v2!.steps.filter((step) => step.kind === "setWeight").map((step) => step.weights)).toEqual([{ a: 10, b: 90 }, { a: 100, b: 0 }]);
      const story = samples.slice(samples.findIndex((sample) => sample.desired > 0 && sample.share === 0)).map(({ desired, inService, share }) => ({ desired, inService, share }));
      expect(story.slice(0, 8)).toEqual([
        { desired: 1, inService: 0, share: 0 },
        { desired: 1, inService: 1, share: 0 },
        { desired: 1, inService: 1, share: 10 },
        { desired: 4, inService: 1, share: 10 },
        { desired: 4, inService: 2, share: 10 },
        { desired: 4, inService: 3, share: 10 },
        { desired: 4, inService: 4, share: 10 },
        { desired: 4, inService: 4, share: 100 },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("a stop that lands while Scale the new fleet runs leaves all traffic on the live slot, and the late resize is scaled down again", { timeout: 120_000 }, async () => {
    const samples: Sample[] = [];
    const result = await runScenario(aScenario({ config: smallCanary(), then: [{ commit: "v2" }], faults: [{ stopDuring: "Scale the new fleet", commit: "v2" }] }), { onSandbox: sampler(samples) });
    const stopped = result.deployments[1]!;
    expect(stopped.outcome).toBe("failed");
    expect(stopped.reason).toContain("Scale the new fleet");
    expect(stopped).toMatchObject({ liveSlot: "b", weights: { a: 0, b: 100 } });
    // The stopped deployment's resize still landed (desired 4), after traffic had left slot a; nothing sent it more than 10%.
    const secondRelease = samples.slice(samples.findIndex((sample) => sample.desired > 0 && sample.share === 0));
    expect(Math.max(...secondRelease.map((s) => s.share))).toBe(10);
    expect(Math.max(...secondRelease.map((s) => s.desired))).toBe(4);
    expect(secondRelease.filter((s) => s.desired === 4).every((s) => s.share === 0)).toBe(true);
    expect(result.atRest).toEqual({ weights: { a: 0, b: 100 }, desired: { a: 0, b: 4 } });
    expect(result.invariants.violations).toEqual([]);
  });
});
