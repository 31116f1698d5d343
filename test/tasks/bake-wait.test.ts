// The two Tasks of a bake: Bake under alarm watch (records the wait's token) and Judge the bake (at its end).
import { describe, expect, it } from "vitest";
import { makeJudgeBake } from "../../functions/tasks/judge-bake.ts";
import { makeStartBake } from "../../functions/tasks/start-bake.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  const record = () => world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)!;
  return { world, deployment, record, startBake: makeStartBake(world.deps), judgeBake: makeJudgeBake(world.deps) };
}
const bake = { kind: "bake" as const, seconds: 600 };
const trip = { kind: "circuitBreaker" as const, by: "circuit breaker", at: "", reason: "alarm shop-api-prod-b-5xx entered ALARM" };

describe("Bake under alarm watch", () => {
  it("records the bake's task token on the deployment, so the breaker and operators can end the wait", async () => {
    const { deployment, record, startBake } = await setup();
    const output = await startBake({ deployment, step: bake, index: 1, final: false, taskToken: "token-7" });
    expect(record().steps.at(-1)).toMatchObject({ index: 1, kind: "bake", taskToken: "token-7" });
    expect(record().steps.at(-1)?.endedAt).toBeUndefined();
    expect(output.reason).toBe("Bake 2: watching the alarms for 10m; the circuit breaker ends it at once if one fires");
  });

  it("records a final bake as such", async () => {
    const { deployment, record, startBake } = await setup();
    await startBake({ deployment, step: bake, index: -1, final: true, taskToken: "token-final" });
    expect(record().steps.at(-1)).toMatchObject({ kind: "finalBake", taskToken: "token-final" });
  });

  it("refuses to wait once the circuit breaker has tripped", async () => {
    const { world, deployment, startBake } = await setup();
    await world.ledger.recordControl("shop-api", "prod", deployment.deploymentId, trip);
    await expect(startBake({ deployment, step: bake, index: 1, final: false, taskToken: "t" })).rejects.toMatchObject({ name: "AlarmTriggeredError" });
  });

  it("fails when the breaker trips while the token is being recorded, instead of waiting out the bake", async () => {
    const { world, deployment, startBake } = await setup();
    const append = world.ledger.appendStep.bind(world.ledger);
    world.ledger.appendStep = async (...args) => {
      await append(...args);
      await world.ledger.recordControl("shop-api", "prod", deployment.deploymentId, trip);
    };
    await expect(startBake({ deployment, step: bake, index: 1, final: false, taskToken: "t" })).rejects.toMatchObject({ name: "AlarmTriggeredError" });
  });
});

describe("Judge the bake", () => {
  it("passes a bake whose alarms stayed OK, reading their history over exactly the bake's window", async () => {
    const { world, deployment, record, judgeBake } = await setup();
    const output = await judgeBake({ deployment, step: bake, index: 1, final: false });
    expect(output).toMatchObject({ next: "pass", verdict: "healthy", failure: null });
    const [names, from, to] = world.log.of("alarms", "history")[0]!.args as [string[], number, number];
    expect(names).toContain("shop-api-prod-b-5xx");
    expect(to - from).toBe(600_000);
    expect(record().steps.at(-1)).toMatchObject({ index: 1, kind: "bake", verdict: "healthy", endedAt: new Date(world.clock.now()).toISOString() });
  });

  it("fails a bake in which an alarm flapped, naming it, as AlarmTriggeredError", async () => {
    const { world, deployment, judgeBake } = await setup();
    const now = world.clock.now();
    world.alarms.changes.push(
      { alarm: "shop-api-prod-b-5xx", at: now - 400_000, from: "OK", to: "ALARM", reason: "3 > 1" },
      { alarm: "shop-api-prod-b-5xx", at: now - 340_000, from: "ALARM", to: "OK", reason: "0 < 1" },
      { alarm: "shop-api-prod-b-5xx", at: now - 200_000, from: "OK", to: "ALARM", reason: "4 > 1" },
      { alarm: "shop-api-prod-b-5xx", at: now - 140_000, from: "ALARM", to: "OK", reason: "0 < 1" },
    );
    const output = await judgeBake({ deployment, step: bake, index: 1, final: false });
    expect(output).toMatchObject({ next: "fail", verdict: "unhealthy", failure: "AlarmTriggeredError" });
    expect(output.reason).toMatch(/^Bake 2: failed — shop-api-prod-b-5xx entered ALARM 2 times \(flapping\) during the bake/);
  });

  it("fails a final bake that ends without data as AnalysisInconclusiveError", async () => {
    const { world, deployment, judgeBake } = await setup();
    world.alarms.define(["shop-api-prod-b-5xx"], "INSUFFICIENT_DATA");
    const output = await judgeBake({ deployment, step: bake, index: -1, final: true });
    expect(output).toMatchObject({ next: "fail", verdict: "inconclusive", failure: "AnalysisInconclusiveError" });
    expect(output.reason).toMatch(/^Final bake: failed — /);
  });

  it("judges an approval over its whole wait, from when its token was recorded: a flap while a person decided fails it", async () => {
    const { world, deployment, judgeBake } = await setup();
    const question = { kind: "approval" as const, timeoutSeconds: 86_400, question: "Promote?" };
    const askedAt = world.clock.now();
    await world.ledger.appendStep("shop-api", "prod", deployment.deploymentId, { index: 1, kind: "approval", reason: "Waiting", startedAt: new Date(askedAt).toISOString(), taskToken: "t-approval" });
    world.alarms.changes.push(
      { alarm: "shop-api-prod-b-5xx", at: askedAt + 3 * 3600_000, from: "OK", to: "ALARM", reason: "3 > 1" },
      { alarm: "shop-api-prod-b-5xx", at: askedAt + 3 * 3600_000 + 60_000, from: "ALARM", to: "OK", reason: "0 < 1" },
    );
    world.clock.advance(8 * 3600_000);
    const output = await judgeBake({ deployment, step: question, index: 1, final: false });
    const [, from, to] = world.log.of("alarms", "history")[0]!.args as [string[], number, number];
    expect([from, to]).toEqual([askedAt, askedAt + 8 * 3600_000]);
    expect(output).toMatchObject({ next: "fail", failure: "AlarmTriggeredError" });
    expect(output.reason).toMatch(/^Approval wait 2: failed — shop-api-prod-b-5xx entered ALARM 1 time during the approval wait/);
  });
});
