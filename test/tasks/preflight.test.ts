import { describe, expect, it } from "vitest";
import { compilePlan } from "../../functions/core/plan.ts";
import { makePreflight } from "../../functions/tasks/preflight.ts";
import { aConfig, aParsedConfig, route53Traffic } from "../fixtures/config.ts";
import { aDeployedWorld, aFakeWorld } from "../fixtures/fake-adapters.ts";

describe("Run preflight checks", () => {
  const config = aParsedConfig();
  const plan = compilePlan(config);

  it("sends a first deployment to slot b at 100% at once, keeping the final bake", async () => {
    const world = aFakeWorld();
    world.alarms.define(["shop-api-prod-b-5xx", "shop-api-prod-latency-p99"], "OK");
    const result = await makePreflight(world.deps)({ app: config.app, env: config.env, config, plan });
    expect(result).toMatchObject({ firstDeploy: true, liveSlot: "a", idleSlot: "b" });
    expect(result.plan.steps).toEqual([{ kind: "setWeight", percent: 100 }]);
    expect(result.plan.finalBakeSeconds).toBe(plan.finalBakeSeconds);
  });

  it("keeps the compiled plan when a slot is live, and sends the new version to the other slot", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    const result = await makePreflight(world.deps)({ app: config.app, env: config.env, config, plan });
    expect(result).toMatchObject({ firstDeploy: false, liveSlot: "b", idleSlot: "a" });
    expect(result.plan).toEqual(plan);
  });

  it("refuses a record set whose TTL differs from the config, naming both", async () => {
    const world = aDeployedWorld(aConfig({ traffic: { ...route53Traffic(), ttl: 300 } }));
    await expect(makePreflight(world.deps)({ app: config.app, env: config.env, config, plan })).rejects.toThrow(
      `record TTL is 300s but the config says ${config.traffic.ttl}s`,
    );
  });

  it("names the alarms of the new slot that do not exist", async () => {
    const world = aDeployedWorld(aConfig({ analysis: { alarms: [] } }));
    await expect(makePreflight(world.deps)({ app: config.app, env: config.env, config, plan })).rejects.toThrow(
      "alarms not found in CloudWatch: shop-api-prod-b-5xx, shop-api-prod-latency-p99",
    );
  });

  it.each([
    ["the new slot's alarm", "shop-api-prod-a-5xx"],
    ["an app-wide alarm", "shop-api-prod-latency-p99"],
  ])("refuses to start while %s is already in ALARM, naming it and changing nothing", async (_which, firing) => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    world.alarms.define([firing], "ALARM");
    const run = makePreflight(world.deps)({ app: config.app, env: config.env, config, plan });
    await expect(run).rejects.toThrow(expect.objectContaining({ name: "AlarmAlreadyFiringError", message: expect.stringContaining(`${firing} is already in ALARM`) }));
    expect(world.log.of("traffic", "setWeights")).toHaveLength(0);
  });

  it("starts while only the live slot's own alarm is in ALARM (not the new version's to judge)", async () => {
    const world = aDeployedWorld(aConfig(), { live: "b" });
    world.alarms.define(["shop-api-prod-b-5xx"], "ALARM");
    const result = await makePreflight(world.deps)({ app: config.app, env: config.env, config, plan });
    expect(result).toMatchObject({ liveSlot: "b", idleSlot: "a" });
  });

  it("treats the slot Route 53 still sends traffic to as live when a first deployment failed and left no live record", async () => {
    const world = aFakeWorld();
    world.alarms.define(["shop-api-prod-a-5xx", "shop-api-prod-latency-p99"], "OK");
    world.traffic.seed("b", { a: config.fleet.slots!.a.endpoint, b: config.fleet.slots!.b.endpoint }, config.traffic.ttl);
    const result = await makePreflight(world.deps)({ app: config.app, env: config.env, config, plan });
    expect(result).toMatchObject({ firstDeploy: false, liveSlot: "b", idleSlot: "a" });
    expect(result.plan).toEqual(plan);
  });
});
