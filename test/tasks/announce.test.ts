// Lifecycle events from the Tasks: published where the ledger records the change, and never in the way of a
// deployment: a publish that fails is logged and the Task's result is the same.
import { describe, expect, it } from "vitest";
import { announce, lifecycleEventOf } from "../../functions/task-support/announce.ts";
import { makePromote } from "../../functions/tasks/promote.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, FakeEvents, seedDeployment } from "../fixtures/fake-adapters.ts";
import { CallLog } from "../fixtures/call-log.ts";

async function promoting() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  world.traffic.weights = { a: 0, b: 100 };
  const input = {
    app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, commit: deployment.commit, config: deployment.config,
    newSlot: "b" as const, imageId: deployment.imageId, fencingToken: deployment.fencingToken,
  };
  return { world, deployment, input, promote: makePromote(world.deps) };
}

describe("announcing lifecycle events", () => {
  it("Promote announces the release it made live, with its slot, image and reason", async () => {
    const { world, deployment, input, promote } = await promoting();
    const output = await promote(input);
    expect(world.events.published).toEqual([
      {
        detailType: "Deployment Promoted",
        detail: { app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, commit: deployment.commit, at: new Date(world.clock.now()).toISOString(), liveSlot: "b", imageId: deployment.imageId, reason: output.reason },
      },
    ]);
  });

  it("Promote promotes just the same when EventBridge fails", async () => {
    const { world, input, promote } = await promoting();
    world.events.failWith = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const output = await promote(input);
    expect(output.liveSlot).toBe("b");
    expect(world.ledger.live.get("shop-api/prod")?.liveSlot).toBe("b");
    expect(world.events.published).toHaveLength(0);
  });

  it("logs a failed publish with the event's keys and the error, and does not throw", async () => {
    const events = new FakeEvents(new CallLog());
    events.failWith = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const event = lifecycleEventOf("Deployment Aborted", { app: "shop-api", env: "prod", deploymentId: "d1", commit: "c1" }, "2026-01-01T00:00:00.000Z", { by: "alice", reason: "wrong build" });
    await expect(announce(events, event, (message, fields) => lines.push({ message, fields }))).resolves.toBeUndefined();
    expect(lines).toEqual([
      {
        message: "lifecycle event not published; the deployment goes on",
        fields: { detailType: "Deployment Aborted", app: "shop-api", env: "prod", deploymentId: "d1", errorName: "ThrottlingException", errorMessage: "Rate exceeded" },
      },
    ]);
  });
});
