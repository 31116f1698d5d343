// Glidepath's lifecycle events as its EventBridge bus receives them in the sandbox: one incident per detail
// type, each event read back with the published schema (functions/core/lifecycle-events.ts).
import { describe, expect, it } from "vitest";
import { parseLifecycleEvent, type LifecycleEvent } from "../../../functions/core/lifecycle-events.ts";
import { STATE } from "../../../stacks/definition.ts";
import { commitIdOf, runScenario } from "../../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import type { Sandbox } from "../../../local/sandbox/sandbox.ts";
import { APP, aSandboxWithV1, violationsAtRest } from "../../fixtures/operator-sandbox.ts";
import { aScenario } from "./scenario-builders.ts";

/** The events the sandbox's bus took for one release, parsed as a subscriber would. */
function eventsOf(events: Array<{ detailType: string; detail: Record<string, unknown> }>, release: string): LifecycleEvent[] {
  return events.filter(({ detail }) => detail["commit"] === commitIdOf(release)).map(({ detailType, detail }) => parseLifecycleEvent({ "detail-type": detailType, detail }));
}

describe("lifecycle events in the sandbox", () => {
  it("a promoted release announces its start, every step it completed, and its promotion, in order", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2" }] }));
    expect(result.deployments.map((d) => d.outcome)).toEqual(["promoted", "promoted"]);
    const v2 = eventsOf(result.events, "v2");
    // The ledger records a bake twice (its wait, then its verdict); a step is completed once judged.
    const plan = result.deployments[1]!.steps.filter((step) => step.kind === "setWeight" || (["bake", "finalBake", "approval"].includes(step.kind) && step.verdict !== undefined));
    expect(v2.map((event) => event.detailType)).toEqual(["Deployment Started", ...plan.map(() => "Step Completed"), "Deployment Promoted"]);
    expect(v2[0]).toMatchObject({ detail: { strategy: "canary", fromSlot: "b", toSlot: "a", previousCommit: commitIdOf("v1") } });
    expect(v2.filter((event) => event.detailType === "Step Completed").map((event) => event.detail.reason)).toEqual(plan.map((step) => step.reason));
    expect(v2.at(-1)).toMatchObject({ detail: { liveSlot: "a", imageId: expect.stringMatching(/^ami-/), reason: result.deployments[1]!.reason } });
    // The bus and the run's --json say the same, with the scenario's labels.
    expect(result.events.filter((event) => event.release === "v2").map((event) => event.detailType)).toEqual(v2.map((event) => event.detailType));
  });

  it("a release rolled back by its alarm announces the rollback with the alarm as the reason, and no promotion", async () => {
    const result = await runScenario(aScenario({ then: [{ commit: "v2-bad", errorRate: 0.2 }] }));
    expect(result.deployments[1]!.outcome).toBe("rolled_back");
    const types = eventsOf(result.events, "v2-bad").map((event) => event.detailType);
    expect(types[0]).toBe("Deployment Started");
    expect(types).not.toContain("Deployment Promoted");
    const ended = eventsOf(result.events, "v2-bad").filter((event) => event.detailType === "Deployment Rolled Back");
    expect(ended).toEqual([{ detailType: "Deployment Rolled Back", detail: expect.objectContaining({ outcome: "rolled_back", reason: result.deployments[1]!.reason }) }]);
    expect(result.deployments[1]!.reason).toContain("shop-api-sandbox-a-error-rate");
  });

  it("a rollback after promotion announces the promotion, then the slot and commit live again", async () => {
    const config = { ...sandboxConfigInput(), scaleDownDelay: "15m" };
    const fireAfterPromotion = (sandbox: Sandbox) => {
      let scheduled = false;
      sandbox.listen((event) => {
        if (scheduled || event.state !== STATE.promote || (event.output as { liveSlot?: string } | undefined)?.liveSlot !== "a") return;
        scheduled = true;
        sandbox.clock.schedule(180_000, () => sandbox.sim.cloudwatch.holdAlarm("shop-api-sandbox-a-error-rate", "ALARM", 600));
      });
    };
    const result = await runScenario(aScenario({ config, then: [{ commit: "v2" }] }), { onSandbox: fireAfterPromotion });
    const v2 = eventsOf(result.events, "v2");
    expect(v2.slice(-2).map((event) => event.detailType)).toEqual(["Deployment Promoted", "Rolled Back After Promotion"]);
    expect(v2.at(-1)).toMatchObject({ detail: { liveSlot: "b", restoredCommit: commitIdOf("v1"), reason: expect.stringContaining("shop-api-sandbox-a-error-rate") } });
    expect(v2.map((event) => event.detailType)).not.toContain("Deployment Rolled Back");
  });

  it("an operator's abort announces who aborted and why, and nothing else ends the deployment", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    try {
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      await held.reached;
      expect((await cli("abort", ...APP, "--reason", "wrong build")).code).toBe(0);
      held.release();
      await sandbox.executions.settled();
      const v2 = eventsOf(sandbox.sim.eventbridge.events, "v2");
      expect(v2.map((event) => event.detailType)).toEqual(["Deployment Started", "Step Completed", "Deployment Aborted"]);
      expect(v2.at(-1)).toMatchObject({ detail: { by: "alice", reason: "wrong build" } });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("lifecycle events that cannot be published", () => {
  it("a release promotes just the same when EventBridge throttles every publish, and no invariant breaks", async () => {
    const faults = [{ service: "eventbridge" as const, operation: "PutEvents", error: "ThrottlingException", times: 1_000, during: "v2" }];
    const result = await runScenario(aScenario({ faults, then: [{ commit: "v2" }] }));
    expect(result.deployments.map((d) => d.outcome)).toEqual(["promoted", "promoted"]);
    expect(result.liveCommit).toBe("v2");
    expect(result.events.filter((event) => event.release === "v2")).toEqual([]);
    expect(result.events.filter((event) => event.release === "v1").map((event) => event.detailType)).toContain("Deployment Promoted");
    expect(result.invariants.violations).toEqual([]);
    // The run says what was lost: the report's events name each event not published.
    const lost = result.timeline.events.filter((event) => event.text.startsWith("lifecycle event not published"));
    expect(lost.map((event) => /\((\w[\w ]*) of /.exec(event.text)?.[1])).toEqual(expect.arrayContaining(["Deployment Started", "Step Completed", "Deployment Promoted"]));
  });
});
