// Issue 11 follow-ups on one group: a release that reaches "Replace instances" while the release before's
// instance refresh is still Baking (its BakeTime outlasts its promotion by a margin), and what each poll of
// "Replace instances" costs in DynamoDB reads.
import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../../functions/core/config.ts";
import { runScenario } from "../../../local/scenario/run-scenario.ts";
import type { RunEvent } from "../../../local/sandbox/runner.ts";
import { currentFunction } from "../../../local/sandbox/function-scope.ts";
import { sandboxConfigInput } from "../../../local/sandbox/sandbox-config.ts";
import { aScenario } from "./scenario-builders.ts";

function rollingOnOneGroup(): ConfigInput {
  return {
    ...sandboxConfigInput(),
    fleet: { provider: "autoscaling", capacity: 4, launchTemplateId: "lt-filled-in-by-the-sandbox", group: { name: "shop-api-sandbox", endpoint: "filled-in" } },
    strategy: { kind: "rolling", steps: [{ percent: 25, bake: "3m" }, { percent: 100 }] },
  };
}

const READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"]);

describe("a one-group release whose image is ready while the release before's refresh is still Baking", () => {
  // v2's image takes 10 s (a build that is quick, or already made): its Replace instances comes within v1's
  // BakeTime. Auto Scaling allows one refresh per group, and v1's is the live release's: v2 used to be refused.
  it("waits for that refresh to end Successful, leaves it alone, then replaces the instances and is promoted", async () => {
    const events: RunEvent[] = [];
    const result = await runScenario(aScenario({ config: rollingOnOneGroup(), then: [{ commit: "v2" }], faults: [{ slowBake: "v2", for: "10s" }] }), {
      onEvent: (event) => events.push(event),
    });
    expect(result.deployments.map((deployment) => [deployment.commit, deployment.outcome])).toEqual([["v1", "promoted"], ["v2", "promoted"]]);
    const waits = events.filter((event) => event.state === "Replace instances" && /^Waiting for instance refresh/.test(event.text));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]!.text).toMatch(/\(Baking, started before this deployment took the lease\) to end before starting this deployment's: it is left alone/);
    expect(events.filter((event) => event.state === "Roll back")).toEqual([]);
    expect(result.invariants.violations).toEqual([]);
    expect(result.liveCommit).toBe("v2");
  });
});

describe("Replace instances polling a one-group refresh", () => {
  it("reads DynamoDB 3 times a poll: the post-start check runs only on the call that started the refresh, and the guard's record gives the steps", async () => {
    let reads = 0;
    const events: RunEvent[] = [];
    await runScenario(aScenario({ config: rollingOnOneGroup() }), {
      onSandbox: (sandbox) => {
        sandbox.clients.dynamodb.middlewareStack.add(
          (next, context) => async (args) => {
            if (currentFunction() === "replaceInstances" && READS.has((context.commandName ?? "").replace(/Command$/, ""))) reads++;
            return next(args);
          },
          { step: "initialize", name: "countReplaceInstancesReads" },
        );
      },
      onEvent: (event) => events.push(event),
    });
    const polls = events.filter((event) => event.state === "Replace instances");
    const reached = polls.filter((event) => event.text.startsWith("Replaced instances to")).length;
    expect(polls.length).toBeGreaterThan(10);
    // Every poll: the guard's 3 (the deployment's id pointer, its record, the lease), whose record also gives
    // the steps; the starting call's second look 3 more; a reached step 1 more (appendStep finds the record).
    // Before: 8 a poll (the second look every poll, and the record read again for the steps): 150 in this run.
    expect(reads).toBe(polls.length * 3 + 3 + reached);
  });
});
