import { describe, expect, it } from "vitest";
import { SmokeTestFailedError } from "../../functions/errors.ts";
import { makeSmokeTest } from "../../functions/tasks/smoke-test.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

async function setup() {
  const world = aDeployedWorld(aConfig());
  const config = aParsedConfig();
  const deployment = aDeploymentContext(config);
  await seedDeployment(world, deployment);
  const input = { app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, smoke: config.smoke, slots: config.fleet.slots!, slot: "b" as const };
  return { world, deployment, input, smokeTest: makeSmokeTest(world.deps) };
}

describe("Smoke test the idle slot", () => {
  it("probes the idle slot's own endpoint, not the weighted record", async () => {
    const { world, input, smokeTest } = await setup();
    const output = await smokeTest(input);

    expect(world.log.of("probe", "run")[0]?.args[0]).toBe("http://shop-api-prod-b-456.eu-west-1.elb.amazonaws.com");
    expect(world.log.of("probe", "run")[0]?.args[1]).toEqual([expect.objectContaining({ path: "/health", timeoutSeconds: 5, attempts: 3 })]);
    expect(output.reason).toMatch(/^Smoke test of slot b .* passed/);
  });

  it("throws SmokeTestFailedError with the probe's reason and records the failed step", async () => {
    const { world, deployment, input, smokeTest } = await setup();
    world.probe.passes = false;
    await expect(smokeTest(input)).rejects.toThrow(SmokeTestFailedError);
    await expect(smokeTest(input)).rejects.toThrow(/503/);
    expect(world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`)?.steps[0]).toMatchObject({ kind: "smoke", verdict: "unhealthy" });
  });

  it("uses an endpoint that is already a URL as-is", async () => {
    const { world, input, smokeTest } = await setup();
    await smokeTest({ ...input, slots: { ...input.slots, b: { group: "g", endpoint: "http://127.0.0.1:8082" } } });
    expect(world.log.of("probe", "run")[0]?.args[0]).toBe("http://127.0.0.1:8082");
  });
});
