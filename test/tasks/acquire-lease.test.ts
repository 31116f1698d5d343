import { leaseSeconds, renewalSeconds } from "../../functions/core/lease-budget.ts";
import { describe, expect, it } from "vitest";
import { makeAcquireLease } from "../../functions/tasks/acquire-lease.ts";
import type { Plan } from "../../functions/core/model.ts";
import { aFakeWorld } from "../fixtures/fake-adapters.ts";

const plan: Plan = { strategy: "canary", steps: [{ kind: "setWeight", percent: 5 }, { kind: "bake", seconds: 300 }, { kind: "setWeight", percent: 100 }], finalBakeSeconds: 300 };
const input = (deploymentId: string) => ({
  app: "shop-api", env: "prod", deploymentId, commit: "1f2e3d4c5b6a", configVersion: 3, plan,
  liveSlot: "a" as const, idleSlot: "b" as const, marginSeconds: 3600, scaleDownDelaySeconds: 900,
});

describe("Acquire lease", () => {
  it("takes the lease for the plan's duration and records the deployment with its plan", async () => {
    const world = aFakeWorld();
    const output = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));

    expect(output).toMatchObject({ owner: "shop-api-prod-1f2e3d4c5b6a", fencingToken: 1 });
    // Every wait of the deployment at its longest (core/lease-budget.ts), plus the extra margin asked for.
    expect(output.expiresAt! - world.clock.now()).toBe((leaseSeconds(plan, 900) + 3600) * 1000);
    expect(output.renewForSeconds).toBe(renewalSeconds(plan, 900));
    expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-1f2e3d4c5b6a")).toMatchObject({
      outcome: "in_progress", configVersion: 3, plan: plan.steps, fromSlot: "a", toSlot: "b",
    });
  });

  it("queues the push in the ledger while another deployment holds the lease, and ends", async () => {
    const world = aFakeWorld();
    await makeAcquireLease(world.deps)(input("shop-api-prod-first"));
    const second = { ...input("shop-api-prod-second"), commit: "2222", push: { app: "shop-api", env: "prod", commit: "2222", receivedAt: "2024-05-01T12:00:00.000Z" } };
    const output = await makeAcquireLease(world.deps)(second);
    expect(output).toMatchObject({ decision: "queued", reason: expect.stringContaining("shop-api-prod-first holds the lease") });
    expect(await world.ledger.getPending("shop-api", "prod")).toMatchObject({ commit: "2222", attempt: 1, input: second.push });
    expect(world.ledger.deployments.has("shop-api/prod/shop-api-prod-second")).toBe(false);
  });

  it("keeps only the newest waiting push; the one it displaces is recorded as superseded", async () => {
    const world = aFakeWorld();
    await makeAcquireLease(world.deps)(input("shop-api-prod-first"));
    for (const [commit, parent, minute] of [["v2", "v1", 1], ["v3", "v2", 2]] as const)
      await world.ledger.recordPush({ app: "shop-api", env: "prod", commit, parent, before: parent, receivedAt: `2024-05-01T12:0${minute}:00.000Z`, forced: false, attempts: 1, status: "received" });
    const queued = (commit: string) => ({ ...input(`shop-api-prod-${commit}`), commit, push: { receivedAt: "2024-05-01T12:00:00.000Z" } });
    expect(await makeAcquireLease(world.deps)(queued("v2"))).toMatchObject({ decision: "skipped" });
    world.ledger.pushes.delete("shop-api/prod/v3");
    expect(await makeAcquireLease(world.deps)(queued("v2"))).toMatchObject({ decision: "queued" });
    await world.ledger.recordPush({ app: "shop-api", env: "prod", commit: "v3", parent: "v2", before: "v2", receivedAt: "2024-05-01T12:02:00.000Z", forced: false, attempts: 1, status: "received" });
    expect(await makeAcquireLease(world.deps)(queued("v3"))).toMatchObject({ decision: "queued", reason: expect.stringContaining("it superseded v2") });
    expect(await world.ledger.getPending("shop-api", "prod")).toMatchObject({ commit: "v3" });
    expect(await world.ledger.getPush("shop-api", "prod", "v2")).toMatchObject({ status: "superseded", reason: expect.stringContaining("by v3, a newer push") });
  });

  it("starts the waiting push itself when the lease was released while it queued", async () => {
    const world = aFakeWorld();
    const first = await makeAcquireLease(world.deps)(input("shop-api-prod-first"));
    const release = world.ledger.replacePending.bind(world.ledger);
    // The holder releases the lease just as this push writes itself into the queue.
    world.ledger.replacePending = async (next, expected) => {
      const written = await release(next, expected);
      await world.lease.release("shop-api", "prod", first.owner!, first.fencingToken!);
      return written;
    };
    const output = await makeAcquireLease(world.deps)({ ...input("shop-api-prod-second"), commit: "2222" });
    expect(output).toMatchObject({ decision: "queued", reason: expect.stringContaining("the lease was released meanwhile") });
    expect(world.log.of("executions", "start")[0]?.args[0]).toMatchObject({ name: "shop-api-prod-2222-2", input: { commit: "2222", attempt: 2 } });
    expect(await world.ledger.getPending("shop-api", "prod")).toBeNull();
  });

  it("is idempotent for a Lambda retry of the same execution", async () => {
    const world = aFakeWorld();
    const first = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));
    const again = await makeAcquireLease(world.deps)(input("shop-api-prod-1f2e3d4c5b6a"));
    expect(again.fencingToken).toBe(first.fencingToken);
    expect(world.log.of("ledger", "createDeployment")).toHaveLength(1);
  });

  it("sends a push that queued behind a promotion back to preflight, recording nothing yet", async () => {
    const world = aFakeWorld();
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "b", commit: "0ab", imageId: "ami-1", updatedAt: "" });
    await expect(makeAcquireLease(world.deps)(input("shop-api-prod-queued"))).rejects.toMatchObject({
      name: "SlotsChangedError",
      message: expect.stringContaining("slot b of shop-api/prod became live"),
    });
    expect(world.log.of("ledger", "createDeployment")).toHaveLength(0);
    expect(await world.lease.current("shop-api", "prod")).toBeNull();
  });

  it("skips a push whose commit is an ancestor of the live one (a late event), releasing the lease and recording why", async () => {
    const world = aFakeWorld();
    world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "a", commit: "v3", imageId: "ami-3", updatedAt: "" });
    for (const [commit, parent] of [["v3", "v2"], ["v2", "v1"]] as const)
      await world.ledger.recordPush({ app: "shop-api", env: "prod", commit, parent, before: parent, receivedAt: "2024-05-01T12:00:00.000Z", forced: false, attempts: 1, status: "received" });
    const output = await makeAcquireLease(world.deps)({ ...input("shop-api-prod-v2"), commit: "v2" });
    expect(output).toEqual({ decision: "skipped", reason: "Skipped: commit v2 is an ancestor of the live commit v3: skipped, so the branch never goes backwards" });
    expect(await world.lease.current("shop-api", "prod")).toBeNull();
    expect(world.ledger.deployments.has("shop-api/prod/shop-api-prod-v2")).toBe(false);
    expect(await world.ledger.getPush("shop-api", "prod", "v2")).toMatchObject({ status: "skipped", execution: "shop-api-prod-v2" });
  });

  describe("for a deployment an operator asked for (glidepath deploy, rollback)", () => {
    const requestedBy = { kind: "rollback" as const, by: "alice", reason: "checkout errors", at: "2024-05-01T12:05:00.000Z" };

    it("deploys an ancestor of the live commit the operator chose, recording who asked and why", async () => {
      const world = aFakeWorld();
      world.ledger.live.set("shop-api/prod", { app: "shop-api", env: "prod", liveSlot: "a", commit: "v3", imageId: "ami-3", updatedAt: "" });
      for (const [commit, parent] of [["v3", "v2"], ["v2", "v1"]] as const)
        await world.ledger.recordPush({ app: "shop-api", env: "prod", commit, parent, before: parent, receivedAt: "2024-05-01T12:00:00.000Z", forced: false, attempts: 1, status: "received" });
      const output = await makeAcquireLease(world.deps)({ ...input("shop-api-prod-v2-2"), commit: "v2", push: { receivedAt: requestedBy.at, attempt: 2, requestedBy } });
      expect(output).toMatchObject({ decision: "deploy", reason: expect.stringContaining("for a rollback alice asked for: checkout errors") });
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-v2-2")).toMatchObject({ commit: "v2", requestedBy });
    });

    it("does not wait in the push queue behind a deployment that holds the lease", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-first"));
      const output = await makeAcquireLease(world.deps)({ ...input("shop-api-prod-v2-2"), commit: "v2", push: { receivedAt: requestedBy.at, requestedBy } });
      expect(output).toEqual({ decision: "skipped", reason: expect.stringContaining("shop-api-prod-first holds the lease of shop-api/prod, and an operator's rollback does not wait in the push queue") });
      expect(await world.ledger.getPending("shop-api", "prod")).toBeNull();
    });
  });

  describe("when the config says supersede", () => {
    const supersede = (deploymentId: string, executionStartedAt?: string) => ({
      ...input(deploymentId), concurrency: "supersede" as const, ...(executionStartedAt ? { executionStartedAt } : {}),
    });
    const later = (world: ReturnType<typeof aFakeWorld>, seconds: number) => new Date(world.clock.now() + seconds * 1000).toISOString();

    it("stops the running deployment once, records it on that deployment, and waits for the lease", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      const newer = supersede("shop-api-prod-newer", later(world, 60));

      expect(await makeAcquireLease(world.deps)(newer)).toMatchObject({ decision: "queued", reason: expect.stringContaining("is superseding it: stopped shop-api-prod-running") });
      expect(await makeAcquireLease(world.deps)(newer)).toMatchObject({ decision: "queued" });
      expect(world.executions.stopped).toEqual(["shop-api-prod-running"]);
      expect(world.log.of("executions", "stop")[0]?.args).toEqual(["shop-api-prod-running", "Superseded by shop-api-prod-newer (concurrency: supersede)"]);
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-running")?.steps).toEqual([
        expect.objectContaining({ kind: "rollback", reason: expect.stringMatching(/^Superseded by shop-api-prod-newer .*execution stopped/) }),
      ]);
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-running")?.control).toEqual({
        kind: "supersede", by: "shop-api-prod-newer", at: new Date(world.clock.now()).toISOString(), reason: "concurrency: supersede",
      });
    });

    it("knows it already stopped the holder from the holder's supersede signal, with no step to read", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      await world.ledger.recordControl("shop-api", "prod", "shop-api-prod-running", { kind: "supersede", by: "shop-api-prod-newer", at: later(world, 0), reason: "concurrency: supersede" });
      expect((await makeAcquireLease(world.deps)(supersede("shop-api-prod-newer", later(world, 60)))).reason).toMatch(/is superseding it \(stopped at /);
      expect(world.executions.stopped).toEqual([]);
    });

    it("does not take a step that merely reads like a supersede for one: the holder is still stopped", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      const at = later(world, 0);
      await world.ledger.appendStep("shop-api", "prod", "shop-api-prod-running", { index: 0, kind: "rollback", reason: "Superseded by shop-api-prod-newer (concurrency: supersede): execution stopped", startedAt: at });
      expect((await makeAcquireLease(world.deps)(supersede("shop-api-prod-newer", later(world, 60)))).reason).toMatch(/is superseding it: stopped shop-api-prod-running/);
      expect(world.executions.stopped).toEqual(["shop-api-prod-running"]);
    });

    it("takes the lease once cleanup has released it, and says whom it superseded", async () => {
      const world = aFakeWorld();
      const running = await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      const newer = supersede("shop-api-prod-newer", later(world, 60));
      expect(await makeAcquireLease(world.deps)(newer)).toMatchObject({ decision: "queued" });
      await world.lease.release("shop-api", "prod", running.owner!, running.fencingToken!);

      const output = await makeAcquireLease(world.deps)(newer);
      expect(output).toMatchObject({ owner: "shop-api-prod-newer", reason: expect.stringContaining("after superseding shop-api-prod-running") });
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-newer")).toMatchObject({ outcome: "in_progress", steps: [] });
    });

    it("does not stop a deployment that took the lease after this push started: it waits for it", async () => {
      const world = aFakeWorld();
      const startedBefore = later(world, -60);
      await makeAcquireLease(world.deps)(input("shop-api-prod-won-the-race"));
      expect((await makeAcquireLease(world.deps)(supersede("shop-api-prod-older", startedBefore))).reason).toMatch(/waits its turn/);
      expect(world.executions.stopped).toEqual([]);
    });

    it("supersedes an older push that got the lease after this one arrived: pushes are ordered by when they started", async () => {
      const world = aFakeWorld();
      const olderStarted = later(world, -600);
      await makeAcquireLease(world.deps)(supersede("shop-api-prod-older", olderStarted));
      expect((await makeAcquireLease(world.deps)(supersede("shop-api-prod-newer", later(world, -60)))).reason).toMatch(/is superseding it/);
      expect(world.executions.stopped).toEqual(["shop-api-prod-older"]);
    });

    it("stays queued, rolling nothing back, when StopExecution fails", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      world.executions.stopError = Object.assign(new Error("Rate exceeded"), { name: "ThrottledError" });
      expect(await makeAcquireLease(world.deps)(supersede("shop-api-prod-newer", later(world, 60)))).toMatchObject({
        decision: "queued",
        reason: expect.stringContaining("could not stop shop-api-prod-running: Rate exceeded"),
      });
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-running")).toMatchObject({ steps: [] });
      expect(world.ledger.deployments.get("shop-api/prod/shop-api-prod-running")?.control).toBeUndefined();
    });

    it("never stops anything in queue mode", async () => {
      const world = aFakeWorld();
      await makeAcquireLease(world.deps)(input("shop-api-prod-running"));
      expect(await makeAcquireLease(world.deps)({ ...input("shop-api-prod-newer"), concurrency: "queue" })).toMatchObject({ decision: "queued" });
      expect(world.log.of("executions", "stop")).toHaveLength(0);
    });
  });
});
