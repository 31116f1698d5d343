// glidepath deploy's core: which commit and image an operator's words name, and the execution it starts.
import { describe, expect, it } from "vitest";
import { redeploy, type RedeployRequest } from "../../functions/operator/redeploy.ts";
import { aConfig } from "../fixtures/config.ts";
import { aDeployedWorld } from "../fixtures/fake-adapters.ts";
import { aDeployment } from "../fixtures/records.ts";

const V1 = "1111111111aaaaaaaaaa1111111111aaaaaaaaaa";
const V2 = "2222222222bbbbbbbbbb2222222222bbbbbbbbbb";

/** shop-api/prod with v1 (ami-1) promoted, then v2 (ami-2) rolled back, then v2's retry whose bake failed. */
async function aWorldWithHistory() {
  const world = aDeployedWorld(aConfig(), { previousCommit: V1 });
  const records = [
    aDeployment({ deploymentId: "shop-api-prod-111111111111", commit: V1, imageId: "ami-1", outcome: "promoted", startedAt: "2024-05-01T10:00:00.000Z" }),
    aDeployment({ deploymentId: "shop-api-prod-222222222222", commit: V2, imageId: "ami-2", outcome: "rolled_back", startedAt: "2024-05-01T11:00:00.000Z" }),
    aDeployment({ deploymentId: "shop-api-prod-222222222222-2", commit: V2, outcome: "failed", startedAt: "2024-05-01T12:00:00.000Z" }),
  ];
  for (const record of records) await world.ledger.createDeployment(record);
  world.images.add("ami-1", {}).add("ami-2", {});
  const deps = { ...world.deps.adapters, now: () => world.clock.now() };
  const ask = (request: Partial<RedeployRequest>) => redeploy(deps, { app: "shop-api", env: "prod", kind: "redeploy", by: "alice", reason: "why not", ...request });
  return { world, ask };
}

describe("redeploy", () => {
  it("starts the commit's next attempt on the newest image baked for it, naming the operator", async () => {
    const { world, ask } = await aWorldWithHistory();
    const started = await ask({ commit: V2.slice(0, 8) });
    expect(started).toMatchObject({ commit: V2, imageId: "ami-2", executionName: "shop-api-prod-2222222222bb-3", requestedBy: { kind: "redeploy", by: "alice", reason: "why not" } });
    const [call] = world.log.of("executions", "start");
    expect(call!.args[0]).toMatchObject({ input: { commit: V2, source: "operator", attempt: 3, image: { imageId: "ami-2", state: "pending" }, requestedBy: { by: "alice" } } });
  });

  it("bakes again when the commit's image is gone", async () => {
    const { world, ask } = await aWorldWithHistory();
    world.images.stored.delete("ami-2");
    const started = await ask({ commit: V2 });
    expect(started).toMatchObject({ imageId: null, reason: expect.stringContaining("baking an image first") });
    expect((world.log.of("executions", "start")[0]!.args[0] as { input: object }).input).not.toHaveProperty("image");
  });

  it("finds the commit an image was baked for", async () => {
    const { ask } = await aWorldWithHistory();
    expect(await ask({ image: "ami-1" })).toMatchObject({ commit: V1, imageId: "ami-1", executionName: "shop-api-prod-1111111111aa-2" });
  });

  it.each<[string, Partial<RedeployRequest>, string]>([
    ["a commit never deployed", { commit: "deadbeef" }, "commit deadbeef has never been deployed to shop-api/prod"],
    ["a prefix too short to be safe", { commit: "2222" }, "give at least 7 characters"],
    ["an image the app/env never deployed", { image: "ami-9" }, "image ami-9 is not one shop-api/prod has deployed"],
  ])("refuses %s as bad input, starting nothing", async (_case, request, message) => {
    const { world, ask } = await aWorldWithHistory();
    await expect(ask(request)).rejects.toMatchObject({ name: "UnknownReleaseError", message: expect.stringContaining(message) });
    expect(world.log.of("executions", "start")).toEqual([]);
  });

  it("refuses while another deployment holds the lease: an operator's deployment does not queue", async () => {
    const { world, ask } = await aWorldWithHistory();
    await world.lease.acquire("shop-api", "prod", "shop-api-prod-333333333333", 600);
    await expect(ask({ commit: V2 })).rejects.toMatchObject({ name: "DeploymentInProgressError", message: expect.stringContaining("shop-api-prod-333333333333 holds the lease") });
  });
});
