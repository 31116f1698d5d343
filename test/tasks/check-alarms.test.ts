import { describe, expect, it } from "vitest";
import { makeCheckAlarms } from "../../functions/tasks/check-alarms.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment, { lease: true });
  return { world, deployment, checkAlarms: makeCheckAlarms(world.deps) };
}
const bake = { kind: "bake" as const, seconds: 300 };

describe("Check alarms", () => {
  it("keeps waiting while the bake time has not elapsed", async () => {
    const { world, deployment, checkAlarms } = await setup();
    const output = await checkAlarms({ deployment, step: bake, index: 1, final: false });

    expect(output).toMatchObject({ next: "wait", verdict: "healthy", startedAt: world.clock.now(), consecutiveHealthy: 1, failure: null });
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps).toEqual([]);
  });

  it("passes once the bake time has elapsed with healthy alarms, and records the step", async () => {
    const { world, deployment, checkAlarms } = await setup();
    const first = await checkAlarms({ deployment, step: bake, index: 1, final: false });
    world.clock.advance(300_000);
    const output = await checkAlarms({ deployment, step: bake, index: 1, final: false, bake: first });

    expect(output.next).toBe("pass");
    expect(output.reason).toMatch(/^Bake 2: passed/);
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps).toEqual([
      expect.objectContaining({ index: 1, kind: "bake", verdict: "healthy" }),
    ]);
  });

  it("fails at once as AlarmTriggeredError naming the alarm of the slot receiving the new version", async () => {
    const { world, deployment, checkAlarms } = await setup();
    world.alarms.alarms.set("shop-api-prod-b-5xx", { name: "shop-api-prod-b-5xx", state: "ALARM", reason: "5 > 1" });
    const output = await checkAlarms({ deployment, step: bake, index: 1, final: false });

    expect(output).toMatchObject({ next: "fail", verdict: "unhealthy", failure: "AlarmTriggeredError" });
    expect(output.reason).toContain("shop-api-prod-b-5xx is in ALARM (5 > 1)");
    expect(world.log.of("alarms", "states")[0]?.args[0]).toEqual(["shop-api-prod-b-5xx", "shop-api-prod-latency-p99"]);
  });

  it("ignores the live slot's own alarm", async () => {
    const { world, deployment, checkAlarms } = await setup();
    world.alarms.alarms.set("shop-api-prod-a-5xx", { name: "shop-api-prod-a-5xx", state: "ALARM" });
    expect((await checkAlarms({ deployment, step: bake, index: 1, final: false })).next).toBe("wait");
  });

  it("fails as AnalysisInconclusiveError when the bake ends without data", async () => {
    const { world, deployment, checkAlarms } = await setup();
    world.alarms.alarms.set("shop-api-prod-b-5xx", { name: "shop-api-prod-b-5xx", state: "INSUFFICIENT_DATA" });
    const first = await checkAlarms({ deployment, step: bake, index: 1, final: false });
    world.clock.advance(300_000);
    const output = await checkAlarms({ deployment, step: bake, index: 1, final: false, bake: first });
    expect(output).toMatchObject({ next: "fail", verdict: "inconclusive", failure: "AnalysisInconclusiveError" });
  });

  it("records the final bake as such", async () => {
    const { world, deployment, checkAlarms } = await setup();
    world.alarms.alarms.set("shop-api-prod-b-5xx", { name: "shop-api-prod-b-5xx", state: "ALARM" });
    const output = await checkAlarms({ deployment, step: bake, index: -1, final: true });
    expect(output.reason).toMatch(/^Final bake: failed/);
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps[0]?.kind).toBe("finalBake");
  });
});
