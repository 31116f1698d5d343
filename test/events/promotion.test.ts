// The reconciler's promotion step with injected fakes: it starts a soaked release once, on its image, and says
// so when the name it would start is already taken with nothing recorded.
import { describe, expect, it } from "vitest";
import { makeReconciler } from "../../functions/events/reconciler.ts";
import type { ConfigInput } from "../../functions/core/config.ts";
import { aConfig } from "../fixtures/config.ts";
import { anEventWorld } from "../fixtures/event-world.ts";
import { aDeployment, aLiveRecord } from "../fixtures/records.ts";

const NOW = Date.parse("2024-05-01T12:30:00Z");
const V2 = "2222222222222222222222222222222222222222";

function setup() {
  const prod = aConfig({ source: { promotedFrom: "staging", soak: "1h" } as ConfigInput["source"] });
  const world = anEventWorld({
    now: NOW,
    configs: [aConfig({ env: "staging" }), prod],
    weights: { a: 100, b: 0 },
    live: [aLiveRecord(), aLiveRecord({ env: "staging", commit: V2, imageId: "ami-2" })],
    deployments: [aDeployment({ env: "staging", deploymentId: "staging-v2", commit: V2, imageId: "ami-2", outcome: "promoted", endedAt: new Date(NOW - 2 * 3600_000).toISOString() })],
  });
  const deps = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, alarms: world.alarms };
  return { world, reconcile: makeReconciler(deps) };
}

describe("the reconciler's promotion step", () => {
  it("starts staging's release in prod on its image once it soaked, naming where it came from", async () => {
    const { world, reconcile } = setup();
    const result = await reconcile();
    const [started] = world.log.of("executions", "start").map((call) => call.args[0] as { name: string; input: Record<string, unknown> });
    expect(started).toMatchObject({
      name: `shop-api-prod-${V2.slice(0, 12)}`,
      input: { env: "prod", commit: V2, image: { imageId: "ami-2" }, promotedFrom: { env: "staging", deploymentId: "staging-v2", imageId: "ami-2" }, requestedBy: { kind: "promotion", by: "glidepath (soak passed)" } },
    });
    expect(result.converged).toContainEqual({ app: "shop-api", env: "prod", actions: [expect.stringMatching(/^Started shop-api-prod-222222222222: promotion of 222222222222 on image ami-2 \(no bake\) from staging/)] });
  });

  it("says so, each round, when the name it would start is taken and no deployment of it is recorded", async () => {
    const { world, reconcile } = setup();
    world.executions.start = async () => ({ status: "exists", executionArn: "arn" });
    const result = await reconcile();
    expect(result.converged).toContainEqual({ app: "shop-api", env: "prod", actions: [expect.stringContaining("was already started, but no deployment of it is recorded yet; if none appears, glidepath promote-env --app shop-api --from staging --to prod starts it again")] });
  });

  it("does not promote without the alarms to judge the soak by (a reconciler deployed without that grant)", async () => {
    const { world } = setup();
    const { alarms: _none, ...withoutAlarms } = { configStore: world.configStore, traffic: world.traffic, ledger: world.ledger, lease: world.lease, executions: world.executions, events: world.events, clock: world.clock, alarms: world.alarms };
    await makeReconciler(withoutAlarms)();
    expect(world.log.of("executions", "start")).toEqual([]);
  });
});
