import { describe, expect, it } from "vitest";
import type { ControlSignal } from "../../functions/core/model.ts";
import { makeJudgeBake } from "../../functions/tasks/judge-bake.ts";
import { makePromote } from "../../functions/tasks/promote.ts";
import { makeShiftTraffic } from "../../functions/tasks/shift-traffic.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  const signal = (kind: ControlSignal["kind"], by: string, reason: string) =>
    world.ledger.recordControl("shop-api", "prod", deployment.deploymentId, { kind, by, at: new Date(world.clock.now()).toISOString(), reason });
  // Only the control signal, no step: the guard must not need the breaker's step text to see the trip.
  const tripBreaker = () => signal("circuitBreaker", "circuit breaker", "alarm shop-api-prod-b-5xx entered ALARM");
  return { world, deployment, tripBreaker, signal };
}

const shiftTo50 = (world: ReturnType<typeof aDeployedWorld>, deployment: ReturnType<typeof aDeploymentContext>) =>
  makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });

describe("before a Task moves or judges traffic", () => {
  it("a shift after the circuit breaker tripped fails with the breaker's reason and writes no weight, even with no breaker step", async () => {
    const { world, deployment, tripBreaker } = await setup();
    await tripBreaker();
    const shift = makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });
    await expect(shift).rejects.toMatchObject({ name: "AlarmTriggeredError", message: expect.stringContaining("shop-api-prod-b-5xx") });
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
  });

  it("a bake's judge after the circuit breaker tripped fails even when the alarm is OK again", async () => {
    const { world, deployment, tripBreaker } = await setup();
    await tripBreaker();
    const check = makeJudgeBake(world.deps)({ deployment, step: { kind: "bake", seconds: 300 }, index: 1, final: false });
    await expect(check).rejects.toMatchObject({ name: "AlarmTriggeredError" });
  });

  it("a step whose reason merely reads like the breaker's is not a trip: the shift goes ahead", async () => {
    const { world, deployment } = await setup();
    await world.ledger.appendStep("shop-api", "prod", deployment.deploymentId, {
      index: 3,
      kind: "rollback",
      verdict: "unhealthy",
      reason: "circuit breaker: alarm shop-api-prod-b-5xx entered ALARM; restored a to 100%",
      startedAt: "",
    });
    await shiftTo50(world, deployment);
    expect(world.log.of("traffic", "setWeights")).toHaveLength(1);
  });

  it.each([
    ["supersede", "shop-api-prod-newer", "concurrency: supersede", /superseded by shop-api-prod-newer \(concurrency: supersede\)/],
    ["operatorAbort", "alice", "wrong build", /aborted by operator alice: wrong build/],
  ] as const)("a shift after a %s signal fails naming who stopped it and why, and writes no weight", async (kind, by, reason, message) => {
    const { world, deployment, signal } = await setup();
    await signal(kind, by, reason);
    await expect(shiftTo50(world, deployment)).rejects.toMatchObject({ name: "DeploymentStoppedError", message: expect.stringMatching(message) });
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
  });

  it("a deployment whose lease was taken by another writes nothing more", async () => {
    const { world, deployment } = await setup();
    world.lease.put("shop-api", "prod", { owner: "shop-api-prod-other", fencingToken: deployment.fencingToken + 1, expiresAt: world.clock.now() + 3_600_000 });
    const shift = makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });
    await expect(shift).rejects.toMatchObject({ name: "StaleLeaseError", message: expect.stringContaining("shop-api-prod-other") });
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
  });

  it("renews a lease about to expire, so a long rollout keeps it", async () => {
    const { world, deployment } = await setup();
    world.clock.advance(59 * 60_000);
    await makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });
    expect(world.log.of("lease", "renew")).toHaveLength(1);
    expect((await world.lease.read("shop-api", "prod"))!.expiresAt).toBe(world.clock.now() + 2 * 3_600_000);
  });

  const releasedWhileWriting = (world: ReturnType<typeof aDeployedWorld>, deployment: ReturnType<typeof aDeploymentContext>) => {
    const write = world.traffic.setWeights.bind(world.traffic);
    world.traffic.setWeights = async (...args) => {
      const written = await write(...args);
      if (world.traffic.writes.length === 1) await world.lease.release("shop-api", "prod", deployment.deploymentId, deployment.fencingToken);
      return written;
    };
  };

  it("a shift whose lease was released while it wrote takes its own write back and names the release", async () => {
    const { world, deployment } = await setup();
    world.traffic.propagationMs = 0;
    // Cleanup of a stop that landed while the Lambda ran: the lease is released between the check and the write.
    releasedWhileWriting(world, deployment);
    const shift = makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });
    await expect(shift).rejects.toMatchObject({ name: "StaleLeaseError", message: expect.stringMatching(/released.*took this shift back: all traffic on slot a again/) });
    expect(world.traffic.writes.map((write) => write.weights)).toEqual([{ a: 50, b: 50 }, { a: 100, b: 0 }]);
  });

  it("a take-back Route 53 refuses (the write still PENDING) still fails the shift, leaving the repair to the reconciler", async () => {
    const { world, deployment } = await setup();
    releasedWhileWriting(world, deployment);
    const shift = makeShiftTraffic(world.deps)({ deployment, step: { kind: "setWeight", percent: 50 }, index: 4 });
    await expect(shift).rejects.toMatchObject({ name: "StaleLeaseError", message: expect.stringMatching(/could not take the write back \(PriorChangePendingError.*the reconciler restores the live slot/) });
  });

  it("a lost lease is reported with who took it and when, not a bare token", async () => {
    const { world, deployment } = await setup();
    world.lease.put("shop-api", "prod", { owner: "shop-api-prod-other", fencingToken: deployment.fencingToken + 1, expiresAt: world.clock.now() + 3_600_000, acquiredAt: Date.parse("2024-05-01T12:00:00Z") });
    await expect(shiftTo50(world, deployment)).rejects.toThrow(/lost the lease of shop-api\/prod to shop-api-prod-other \(token \d+, taken at 2024-05-01T12:00:00.000Z\)/);
  });

  it("renews for the deployment's own renewal time when it is given, never shortening the lease", async () => {
    const { world, deployment } = await setup();
    world.clock.advance(59 * 60_000);
    await makeShiftTraffic(world.deps)({ deployment: { ...deployment, renewForSeconds: 5 * 3600 }, step: { kind: "setWeight", percent: 50 }, index: 4 });
    expect((await world.lease.read("shop-api", "prod"))!.expiresAt).toBe(world.clock.now() + 5 * 3_600_000);
    world.clock.advance(60_000);
    await makeShiftTraffic(world.deps)({ deployment: { ...deployment, renewForSeconds: 1800 }, step: { kind: "setWeight", percent: 60 }, index: 5 });
    expect(world.log.of("lease", "renew")).toHaveLength(1);
  });

  it("promotes nothing after the circuit breaker tripped during the final bake", async () => {
    const { world, deployment, tripBreaker } = await setup();
    await tripBreaker();
    const input = { app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, commit: deployment.commit, config: deployment.config, newSlot: "b" as const, imageId: deployment.imageId, fencingToken: deployment.fencingToken };
    await expect(makePromote(world.deps)(input)).rejects.toMatchObject({ name: "AlarmTriggeredError" });
    expect(world.ledger.live.get("shop-api/prod")?.liveSlot).toBe("a");
  });
});
