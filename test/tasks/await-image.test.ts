// "Wait for the image": the token is recorded before the image is looked at, so a bake that finished before
// the wait began (its event found no token) still ends the wait at once, and the image's event can find it.
import { describe, expect, it } from "vitest";
import { makeAwaitImage } from "../../functions/tasks/await-image.ts";
import { makeBakeImage } from "../../functions/tasks/bake-image.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aDeployedWorld, aDeploymentContext, seedDeployment } from "../fixtures/fake-adapters.ts";

const pipelineArn = "arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/shop-api";
const TOKEN = "token-of-the-image-wait";

async function bakeThenWait(image: { kind: "createImage"; instanceId: string; noReboot: boolean; keep: number } | { kind: "imageBuilder"; pipelineArn: string; keep: number }, pendingLooks: number) {
  const world = aDeployedWorld(aConfig());
  world.images.pendingPolls = pendingLooks;
  const deployment = aDeploymentContext(aParsedConfig());
  await seedDeployment(world, deployment);
  const ref = { app: deployment.app, env: deployment.env, deploymentId: deployment.deploymentId };
  const progress = await makeBakeImage(world.deps)({ ...ref, commit: deployment.commit, image });
  const output = await makeAwaitImage(world.deps)({ ...ref, image: progress, taskToken: TOKEN });
  return { world, deployment, progress, output };
}

describe("Wait for the image", () => {
  it("records its token under the AMI id, then leaves a pending image's wait to its event", async () => {
    const { world, deployment, progress, output } = await bakeThenWait({ kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 }, 1);
    expect(world.ledger.imageWaits.get(progress.imageId!)).toMatchObject({ app: "shop-api", env: "prod", deploymentId: deployment.deploymentId, taskToken: TOKEN });
    expect(world.log.of("executions", "sendTaskSuccess")).toHaveLength(0);
    expect(output.reason).toMatch(/^Waiting for ami-\w+ to be built/);
  });

  it("ends its own wait when the image was already built before the token was recorded (the lost wake-up)", async () => {
    const { world, progress, output } = await bakeThenWait({ kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 }, 0);
    // The token is in the ledger before the image is looked at: an event sent in between finds it.
    const order = world.log.calls.map((call) => `${call.port}.${call.method}`).filter((call) => ["ledger.recordImageWait", "images.describeImage", "executions.sendTaskSuccess"].includes(call));
    expect(order).toEqual(["ledger.recordImageWait", "images.describeImage", "executions.sendTaskSuccess"]);
    expect(world.log.of("executions", "sendTaskSuccess")[0]?.args).toEqual([TOKEN, { reason: `${progress.imageId} is already available: Check image reads it now` }]);
    expect(output.reason).toContain("already available");
  });

  it("ends its own wait for a failed bake too: Check image, not the wait, fails the deployment", async () => {
    const world = aDeployedWorld(aConfig());
    world.images.pendingPolls = 0;
    world.images.outcome = "failed";
    const deployment = aDeploymentContext(aParsedConfig());
    await seedDeployment(world, deployment);
    const ref = { app: deployment.app, env: deployment.env, deploymentId: deployment.deploymentId };
    const progress = await makeBakeImage(world.deps)({ ...ref, commit: deployment.commit, image: { kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 } });
    const output = await makeAwaitImage(world.deps)({ ...ref, image: progress, taskToken: TOKEN });
    expect(output.reason).toContain("is already failed");
    expect(world.log.of("executions", "sendTaskSuccess")).toHaveLength(1);
  });

  it("keys a pipeline build by its build version ARN, the resource Image Builder's event names", async () => {
    const { world, progress } = await bakeThenWait({ kind: "imageBuilder", pipelineArn, keep: 5 }, 1);
    expect(progress.buildVersionArn).toMatch(/:image\/shop-api\/1\.0\.0\/\d+$/);
    expect([...world.ledger.imageWaits.keys()]).toEqual([progress.buildVersionArn]);
    expect(world.log.of("images", "pipelineImage")).toHaveLength(1);
  });

  it("takes the image's event having ended the wait first as the wait ending, and fails on any other error", async () => {
    for (const [name, fails] of [["TaskTimedOut", false], ["TaskDoesNotExist", false], ["AccessDeniedException", true]] as const) {
      const world = aDeployedWorld(aConfig());
      world.images.pendingPolls = 0;
      world.executions.sendTaskSuccess = async () => {
        throw Object.assign(new Error(name), { name });
      };
      const deployment = aDeploymentContext(aParsedConfig());
      await seedDeployment(world, deployment);
      const ref = { app: deployment.app, env: deployment.env, deploymentId: deployment.deploymentId };
      const progress = await makeBakeImage(world.deps)({ ...ref, commit: deployment.commit, image: { kind: "createImage", instanceId: "i-0123456789abcdef0", noReboot: true, keep: 5 } });
      const waiting = makeAwaitImage(world.deps)({ ...ref, image: progress, taskToken: TOKEN });
      if (fails) await expect(waiting).rejects.toThrow(name);
      else await expect(waiting).resolves.toMatchObject({ reason: expect.stringContaining("already available") });
    }
  });
});
