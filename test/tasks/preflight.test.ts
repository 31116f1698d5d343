import { describe, expect, it } from "vitest";
import { compilePlan } from "../../functions/core/plan.ts";
import { makePreflight } from "../../functions/tasks/preflight.ts";
import { parseConfig } from "../../functions/core/config.ts";
import { aConfig, aGroupConfig, aParsedConfig, route53Traffic } from "../fixtures/config.ts";
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

  describe("immutable on one group", () => {
    const immutable = (finalBake: string) => {
      const parsed = parseConfig(aGroupConfig({ strategy: { kind: "immutable" }, finalBake }));
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      return parsed.config;
    };
    // The group's alarms, the slowest looking at 3 five-minute periods: 15m of metrics per evaluation.
    const aWorld = () => {
      const world = aFakeWorld();
      world.alarms.alarms.set("shop-api-prod-5xx", { name: "shop-api-prod-5xx", state: "OK", windowSeconds: 180 });
      world.alarms.alarms.set("shop-api-prod-latency-p99", { name: "shop-api-prod-latency-p99", state: "OK", windowSeconds: 900 });
      return world;
    };

    it("refuses a final bake that ends before the slowest alarm can judge the new instances, naming it and the bake it needs", async () => {
      const world = aWorld();
      const config = immutable("10m");
      await expect(makePreflight(world.deps)({ app: config.app, env: config.env, config, plan: compilePlan(config) })).rejects.toThrow(
        "finalBake 10m is immutable's only bake and ends before shop-api-prod-latency-p99 (15m of metrics per evaluation) can judge the new instances; set finalBake to at least 16m",
      );
    });

    it("starts with a final bake that covers the slowest alarm's window and one evaluation", async () => {
      const config = immutable("16m");
      const result = await makePreflight(aWorld().deps)({ app: config.app, env: config.env, config, plan: compilePlan(config) });
      expect(result.plan.fleetChange?.kind).toBe("temporaryGroup");
    });

    it("does not hold a rolling update's final bake to the window: its checkpoints and Auto Scaling's alarm rollback watch it", async () => {
      const parsed = parseConfig(aGroupConfig({ finalBake: "2m" }));
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      const config = parsed.config;
      const result = await makePreflight(aWorld().deps)({ app: config.app, env: config.env, config, plan: compilePlan(config) });
      expect(result.plan.fleetChange?.kind).toBe("instanceRefresh");
    });
  });
});

