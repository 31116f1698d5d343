import { describe, expect, it } from "vitest";
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import { ImageBuildFailedError } from "../../functions/errors.ts";
import { makeBakeImage } from "../../functions/tasks/bake-image.ts";
import { makeCheckImage } from "../../functions/tasks/check-image.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

const pipelineArn = "arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/shop-api";

async function bakeAndCheck(image: { kind: "createImage"; instanceId: string; noReboot: boolean; keep: number } | { kind: "imageBuilder"; pipelineArn: string; keep: number }) {
  const world = aDeployedWorld(aConfig());
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment);
  const ref = { app: deployment.app, env: deployment.env, deploymentId: deployment.deploymentId, commit: deployment.commit };
  const progress = await makeBakeImage(world.deps)({ ...ref, image });
  const check = makeCheckImage(world.deps);
  const first = await check({ ...ref, image: progress });
  const second = await check({ ...ref, image: first });
  const record = () => world.ledger.deployments.get(`shop-api/prod/${deployment.deploymentId}`);
  return { world, deployment, first, second, record };
}

describe("Check image", () => {
  it("records a CreateImage AMI on the deployment once it is available, and not while it is pending", async () => {
    const { world, first, second, record } = await bakeAndCheck({ kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 });
    expect(first.state).toBe("pending");
    expect(second.state).toBe("available");
    expect(record()?.imageId).toBe(second.imageId);
    expect(world.log.of("ledger", "recordImage")).toHaveLength(1);
    // Born with its tags: nothing to add.
    expect(world.log.of("images", "tagImage")).toHaveLength(0);
  });

  it("gives an Image Builder AMI the same Glidepath tags as a CreateImage one, then records it", async () => {
    const { world, deployment, second, record } = await bakeAndCheck({ kind: "imageBuilder", pipelineArn, keep: 5 });
    const imageId = second.imageId ?? "";
    expect(world.images.stored.get(imageId)?.tags).toEqual({
      [IMAGE_TAG.app]: "shop-api",
      [IMAGE_TAG.env]: "prod",
      [IMAGE_TAG.commit]: deployment.commit,
      [IMAGE_TAG.deployment]: deployment.deploymentId,
      [IMAGE_TAG.managed]: "true",
    });
    expect(record()?.imageId).toBe(imageId);
  });

  it("records nothing for a failed bake", async () => {
    const world = aDeployedWorld(aConfig());
    world.images.outcome = "failed";
    world.images.pendingPolls = 0;
    const deployment = aDeploymentContext(aParsedConfig());
    await seedDeployment(world, deployment);
    const ref = { app: deployment.app, env: deployment.env, deploymentId: deployment.deploymentId, commit: deployment.commit };
    const progress = await makeBakeImage(world.deps)({ ...ref, image: { kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 } });
    await expect(makeCheckImage(world.deps)({ ...ref, image: progress })).rejects.toBeInstanceOf(ImageBuildFailedError);
    expect(world.log.of("ledger", "recordImage")).toHaveLength(0);
  });
});
