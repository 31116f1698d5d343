// dev → staging → prod in one sandbox: a release pushed to dev reaches staging after its soak there and prod
// after its soak in staging, on the image baked once, each env through its own canary; a rollback in prod stays
// in prod.
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { IMAGE_TAG } from "../../../functions/core/naming.ts";
import { readPromotion } from "../../../functions/events/promotion.ts";
import { commitIdOf } from "../../../local/scenario/run-scenario.ts";
import { startWatched } from "../monitor/watched-sandbox.ts";
import { envConfig, THREE_ENVS } from "./env-path-builders.ts";
import type { DownstreamConfig } from "../../../functions/events/promotion.ts";
import { approvePromotion } from "../../../functions/operator/promote-env.ts";

const HOUR = 3600;

describe("a release travels dev → staging → prod", () => {
  it("reaches staging after dev's soak and prod after staging's, on the one image baked in dev, with no bake downstream", async () => {
    const { sandbox, monitor, push } = await startWatched({ config: THREE_ENVS.dev, envs: [THREE_ENVS.staging, THREE_ENVS.prod] });
    try {
      const ledger = sandbox.adapters.ledger;
      await push("v1");
      await sandbox.executions.settled();
      const dev = await ledger.listDeployments("shop-api", "dev", 5);
      expect(dev.map((d) => [d.commit, d.outcome])).toEqual([[commitIdOf("v1"), "promoted"]]);
      const promotedAt = Date.parse(dev[0]!.endedAt!);

      // Half of staging's soak: nothing has started there yet, and status can say until when.
      await sandbox.idle(HOUR / 2);
      expect(await ledger.listDeployments("shop-api", "staging", 5)).toEqual([]);
      const staging = sandbox.envs[0] as DownstreamConfig;
      const soaking = await readPromotion({ ...sandbox.adapters, clock: sandbox.clock }, staging);
      expect(soaking).toMatchObject({ kind: "soaking", dueAt: promotedAt + HOUR * 1000, candidate: { commit: commitIdOf("v1"), imageId: dev[0]!.imageId } });

      await sandbox.idle(4 * HOUR);
      await sandbox.executions.settled();
      const [stagingRecord] = await ledger.listDeployments("shop-api", "staging", 5);
      const [prodRecord] = await ledger.listDeployments("shop-api", "prod", 5);
      expect(stagingRecord).toMatchObject({ commit: commitIdOf("v1"), outcome: "promoted", imageId: dev[0]!.imageId, promotedFrom: { env: "dev", deploymentId: dev[0]!.deploymentId, imageId: dev[0]!.imageId } });
      expect(prodRecord).toMatchObject({ commit: commitIdOf("v1"), outcome: "promoted", imageId: dev[0]!.imageId, promotedFrom: { env: "staging", deploymentId: stagingRecord!.deploymentId } });
      // Each started only once its upstream's soak had passed.
      expect(Date.parse(stagingRecord!.startedAt)).toBeGreaterThanOrEqual(promotedAt + HOUR * 1000);
      expect(Date.parse(prodRecord!.startedAt)).toBeGreaterThanOrEqual(Date.parse(stagingRecord!.endedAt!) + 2 * HOUR * 1000);
      // One image in the account: dev baked it, staging and prod deployed it as it was.
      const { Images = [] } = await sandbox.clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${IMAGE_TAG.app}`, Values: ["shop-api"] }] }));
      expect(Images.map((image) => image.ImageId)).toEqual([dev[0]!.imageId]);
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it("keeps the image prod still runs when dev's retention retires its older images", async () => {
    const dev = envConfig("dev", undefined, { image: { kind: "createImage", instanceId: "i-0b1d0e2f3a4b5c6d7", noReboot: true, keep: 2 } });
    const prod = envConfig("prod", { promotedFrom: "dev", soak: "0s", approval: true });
    const { sandbox, monitor, push } = await startWatched({ config: dev, envs: [prod] });
    try {
      await push("v1");
      await sandbox.executions.settled();
      await sandbox.idle(10 * 60);
      await sandbox.outOfBand(() => approvePromotion({ ...sandbox.adapters, executions: sandbox.executions, clock: sandbox.clock }, { app: "shop-api", env: "prod", approved: true, by: "alice", reason: "first release" }));
      await sandbox.executions.settled();
      const prodLive = await sandbox.adapters.ledger.getLive("shop-api", "prod");
      expect(prodLive?.commit).toBe(commitIdOf("v1"));
      // Dev moves on three releases; prod is not approved for any of them and stays on v1's image.
      for (const [label, previous] of [["v2", "v1"], ["v3", "v2"], ["v4", "v3"]] as const) {
        await push(label, previous);
        await sandbox.executions.settled();
      }
      const { Images = [] } = await sandbox.clients.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${IMAGE_TAG.app}`, Values: ["shop-api"] }] }));
      const commitOfImage = (imageId?: string) => Images.find((image) => image.ImageId === imageId)?.Tags?.find((tag) => tag.Key === IMAGE_TAG.commit)?.Value;
      // keep 2: v4 and v3 as the newest (and dev's live and rollback target), v1 because prod runs it; v2 retired.
      expect(Images.map((image) => commitOfImage(image.ImageId)).sort()).toEqual([commitIdOf("v1"), commitIdOf("v3"), commitIdOf("v4")].sort());
      expect(commitOfImage(prodLive?.imageId ?? "")).toBe(commitIdOf("v1"));
      expect((await monitor.finish()).violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 240_000);
});
