// The operator's commands that act (abort, rollback, deploy, approve) end to end in the sandbox: the same CLI
// code and ports as on AWS, the sandbox's clients. The invariant monitor must see no violation.
import { describe, expect, it } from "vitest";
import { STATE } from "../../stacks/definition.ts";
import { commitIdOf } from "../../local/scenario/run-scenario.ts";
import { sandboxConfigInput } from "../../local/sandbox/sandbox-config.ts";
import { APP, aSandboxWithV1, violationsAtRest } from "../fixtures/operator-sandbox.ts";
import { sandboxBackend } from "../fixtures/sandbox-backend.ts";
import { startWatched } from "../sim/monitor/watched-sandbox.ts";
import { glidepath } from "./run-cli.ts";

describe("glidepath abort in the sandbox", () => {
  it("stops a canary at 10%: the live version is back at 100%, the lease released, the reason names the operator", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    try {
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      const execution = await held.reached;
      expect(await sandbox.weights()).toEqual({ a: 10, b: 90 });
      const result = await cli("abort", ...APP, "--reason", "wrong build", "--json");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        deploymentId: execution,
        commit: commitIdOf("v2"),
        execution: "stopped",
        control: { kind: "operatorAbort", by: "alice", reason: "wrong build" },
        liveSlot: "b",
        drainingSlot: "a",
      });
      held.release();
      await sandbox.executions.settled();

      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      expect(await sandbox.adapters.lease.current("shop-api", "sandbox")).toBeNull();
      const [aborted] = JSON.parse((await cli("history", ...APP, "--json")).stdout).deployments;
      expect(aborted).toMatchObject({ commit: commitIdOf("v2"), outcome: "failed", reason: expect.stringContaining("aborted by operator alice: wrong build"), control: { kind: "operatorAbort", by: "alice" } });
      const again = await cli("abort", ...APP);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`no deployment of shop-api/sandbox is in progress: the latest, ${execution}, ended failed`);
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("glidepath rollback and deploy in the sandbox", () => {
  it("rolls v2 back to v1 by a weight flip while v1's fleet is warm, then redeploys v2 on its image without a bake", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    const tasksOf = new Map<string, string[]>();
    sandbox.listen((event) => tasksOf.set(event.execution, [...(tasksOf.get(event.execution) ?? []), event.state]));
    try {
      const held = gate.holdAt(STATE.retireOldFleet);
      await push("v2", "v1");
      const v2 = await held.reached;
      expect(await sandbox.weights()).toEqual({ a: 100, b: 0 });

      monitor.operatorChose(commitIdOf("v1"));
      const rolledBack = await cli("rollback", ...APP, "--reason", "checkout errors", "--json");
      expect(rolledBack.code).toBe(0);
      expect(JSON.parse(rolledBack.stdout)).toMatchObject({
        path: "weightFlip",
        commit: commitIdOf("v1"),
        from: commitIdOf("v2"),
        deploymentId: v2,
        liveSlot: "b",
        weights: { a: 0, b: 100 },
        changeId: expect.any(String),
        ttlSeconds: 30,
        control: { kind: "operatorRollback", by: "alice", reason: "checkout errors" },
      });
      // At once: no bake, no new fleet; resolvers follow once the change is INSYNC, within one TTL.
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      held.release();
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(commitIdOf("v1"));
      expect(sandbox.sim.autoscaling.capacityOf("shop-api-sandbox-a")?.desired).toBe(0);

      monitor.operatorChose(commitIdOf("v2"));
      const deployed = await cli("deploy", ...APP, "--commit", commitIdOf("v2").slice(0, 8), "--reason", "v2 again, it was the database", "--json");
      expect(deployed.code).toBe(0);
      const started = JSON.parse(deployed.stdout);
      expect(started).toMatchObject({ commit: commitIdOf("v2"), imageId: expect.stringMatching(/^ami-/), requestedBy: { kind: "redeploy", by: "alice" } });
      await sandbox.executions.settled();
      expect(tasksOf.get(started.executionName)).toContain(STATE.checkImage);
      expect(tasksOf.get(started.executionName)).not.toContain(STATE.bakeImage);
      expect(tasksOf.get(v2)).toContain(STATE.bakeImage);

      const history = JSON.parse((await cli("history", ...APP, "--json")).stdout).deployments;
      expect(history.map((d: { commit: string; outcome: string }) => [d.commit, d.outcome])).toEqual([
        [commitIdOf("v2"), "promoted"],
        [commitIdOf("v2"), "rolled_back"],
        [commitIdOf("v1"), "promoted"],
      ]);
      expect(history[0].requestedBy).toMatchObject({ kind: "redeploy", by: "alice", reason: "v2 again, it was the database" });
      expect(history[1]).toMatchObject({ reason: expect.stringContaining("rolled back by operator alice: checkout errors"), control: { kind: "operatorRollback" } });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("glidepath rollback once the old fleet is retired", () => {
  it("deploys the previous release's image through the pipeline, without a bake, recorded as a rollback", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    const tasksOf = new Map<string, string[]>();
    sandbox.listen((event) => tasksOf.set(event.execution, [...(tasksOf.get(event.execution) ?? []), event.state]));
    try {
      await push("v2", "v1");
      await sandbox.executions.settled();
      expect(sandbox.sim.autoscaling.capacityOf("shop-api-sandbox-b")?.desired).toBe(0);

      const unknown = await cli("deploy", ...APP, "--commit", "deadbeef", "--json");
      expect(unknown.code).toBe(2);
      expect(JSON.parse(unknown.stdout).error).toMatchObject({ name: "UnknownReleaseError", message: expect.stringContaining("commit deadbeef has never been deployed to shop-api/sandbox") });

      monitor.operatorChose(commitIdOf("v1"));
      const held = gate.holdAt(STATE.prepareFleet);
      const result = await cli("rollback", ...APP, "--reason", "slow checkout", "--json");
      expect(result.code).toBe(0);
      const started = JSON.parse(result.stdout);
      expect(started).toMatchObject({ path: "redeploy", from: commitIdOf("v2"), commit: commitIdOf("v1"), imageId: expect.stringMatching(/^ami-/), requestedBy: { kind: "rollback", by: "alice", reason: "slow checkout" } });
      await held.reached;
      const busy = await cli("deploy", ...APP, "--commit", commitIdOf("v2"));
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`${started.executionName} holds the lease of shop-api/sandbox`);
      held.release();
      await sandbox.executions.settled();

      expect(tasksOf.get(started.executionName)).not.toContain(STATE.bakeImage);
      expect(await sandbox.adapters.ledger.getLive("shop-api", "sandbox")).toMatchObject({ commit: commitIdOf("v1"), liveSlot: "b" });
      const [latest] = JSON.parse((await cli("history", ...APP, "--limit", "1", "--json")).stdout).deployments;
      expect(latest).toMatchObject({ commit: commitIdOf("v1"), outcome: "promoted", requestedBy: { kind: "rollback", by: "alice" } });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("a deployment right after an abort", () => {
  it("waits for the aborted slot to drain before replacing its instances (I2): a redeploy skips the bake that used to give it the time", async () => {
    const { sandbox, monitor, push, gate, cli } = await aSandboxWithV1();
    const prepared: number[] = [];
    sandbox.listen((event) => event.state === STATE.prepareFleet && prepared.push(event.t));
    try {
      const held = gate.holdAt(STATE.bake);
      await push("v2", "v1");
      await held.reached;
      expect((await cli("abort", ...APP, "--reason", "wrong build")).code).toBe(0);
      held.release();
      await sandbox.executions.settled();
      const abortedAt = Date.parse(JSON.parse((await cli("history", ...APP, "--limit", "1", "--json")).stdout).deployments[0].endedAt);

      monitor.operatorChose(commitIdOf("v2"));
      const deployed = await cli("deploy", ...APP, "--commit", commitIdOf("v2"), "--reason", "the alarm was the database", "--json");
      expect(deployed.code).toBe(0);
      // It says so up front: the slot it reuses is still draining.
      expect(JSON.parse(deployed.stdout)).toMatchObject({ drainPendingUntil: new Date(abortedAt + 150_000).toISOString(), reason: expect.stringContaining("Prepare the idle fleet waits until then") });
      await sandbox.executions.settled();
      expect((await sandbox.adapters.ledger.getLive("shop-api", "sandbox"))?.commit).toBe(commitIdOf("v2"));
      // Without the wait the monitor sees I2: resolvers still send slot a its 10% while its instances are replaced.
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
      // Slot a had 10% until the abort: Route 53's propagation bound (120 s) and the TTL (30 s) pass first.
      expect(prepared.at(-1)! - abortedAt).toBeGreaterThanOrEqual(150_000);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe("glidepath approve in the sandbox", () => {
  it("rejects the A/B test's approval step through the same backend: the deployment rolls back with the reason", async () => {
    const answers: Array<Promise<{ code: number; stdout: string }>> = [];
    let backend!: ReturnType<typeof sandboxBackend>;
    const config = { ...sandboxConfigInput(), strategy: { kind: "abTest" as const, percent: 20, until: "approval" as const } };
    const { sandbox, monitor, push } = await startWatched({
      config,
      approve: () => void answers.push(glidepath("approve", ...APP, "--reject", "--reason", "the B cohort converts worse", "--json", { backend, env: { GLIDEPATH_OPERATOR: "alice" } })),
    });
    backend = sandboxBackend(sandbox);
    try {
      await push("v1");
      await sandbox.executions.settled();
      await push("v2", "v1");
      await sandbox.executions.settled();
      const [answer] = await Promise.all(answers);
      expect(answer!.code).toBe(0);
      expect(JSON.parse(answer!.stdout)).toMatchObject({ commit: commitIdOf("v2"), approved: false, reason: "the B cohort converts worse" });
      const [rejected] = JSON.parse((await glidepath("history", ...APP, "--json", { backend })).stdout).deployments;
      expect(rejected).toMatchObject({ commit: commitIdOf("v2"), outcome: "rolled_back", reason: expect.stringContaining("the B cohort converts worse") });
      expect(await sandbox.weights()).toEqual({ a: 0, b: 100 });
      expect(await violationsAtRest(sandbox, monitor)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
